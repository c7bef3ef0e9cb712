package dev.closedform.data;

import dev.closedform.engine.EngineSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * A regression table from a file, by its extension:
 * <ul>
 *   <li>{@code .npy}: one 2-d array (rows x columns); its columns are named {@code col0, col1, ...}
 *       and selected like CSV columns.</li>
 *   <li>{@code .npz} with arrays {@code x} and {@code y}: the inputs (rows x inputs, or a vector for one
 *       input) and the targets (rows x outputs, or a vector), as {@code np.savez(f, x=X, y=Y)} writes
 *       them; the targets are {@code y}, so none may be chosen.</li>
 *   <li>any other {@code .npz}: one 1-d array per column, all of the same length, named by the array
 *       (e.g. {@code np.savez(f, **{c: df[c].to_numpy() for c in df})}); columns in archive order,
 *       selected like CSV columns.</li>
 *   <li>anything else: a delimited text table ({@link CsvReader}; {@code .gz} is decompressed).</li>
 * </ul>
 * Targets are given by name or by 0-based index (negative counts from the end), all one way;
 * none means the last column. Every used value must be finite: the first that is not is reported
 * with its file, array, row and column.
 */
public final class TabularFiles {

    static {
        EngineSettings.ensureOffline(); // an entry point of the library: DJL offline before its engine can start
    }

    private TabularFiles() {}

    /**
     * @param path    the file
     * @param targets target columns by name or index (strings), empty for the last column
     */
    public static RegressionData read(Path path, List<String> targets) throws IOException {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".npy")) {
            NpyArray a = Npy.read(path);
            if (a.shape().length != 2) {
                throw new DataFormatException(path + ": a table in a .npy file must be 2-d (rows x columns), got shape "
                        + Arrays.toString(a.shape()));
            }
            int rows = (int) a.shape()[0];
            int cols = (int) a.shape()[1];
            double[] v = a.toDoubleArray();
            List<double[]> columns = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (int j = 0; j < cols; j++) {
                double[] c = new double[rows];
                for (int i = 0; i < rows; i++) {
                    c[i] = v[i * cols + j];
                }
                columns.add(c);
                names.add("col" + j);
            }
            return select(path.toString(), names, columns, targets);
        }
        if (name.endsWith(".npz")) {
            return readNpz(path, targets);
        }
        return csv(path, targets).build().read();
    }

    private static RegressionData readNpz(Path path, List<String> targets) throws IOException {
        Map<String, NpyArray> arrays = Npz.read(path);
        if (arrays.containsKey("x") && arrays.containsKey("y")) {
            if (!targets.isEmpty()) {
                throw new DataFormatException(path + ": holds arrays 'x' (inputs) and 'y' (targets), so no target column "
                        + "can be chosen; got " + targets);
            }
            NpyArray x = arrays.get("x");
            NpyArray y = arrays.get("y");
            int rows = rows(path, "x", x);
            if (rows(path, "y", y) != rows) {
                throw new DataFormatException(path + ": 'x' has " + rows + " rows but 'y' has " + y.shape()[0]);
            }
            float[] xv = finiteFloats(path, "x", x);
            float[] yv = finiteFloats(path, "y", y);
            return RegressionData.wrap(xv, yv, columnNames("x", x), columnNames("y", y));
        }
        if (arrays.containsKey("a") && arrays.containsKey("u")) {
            throw new DataFormatException(path + ": holds arrays 'a' and 'u', the input and output fields of operator data;"
                    + " a table needs arrays 'x' and 'y', or one 1-d array per column");
        }
        List<String> names = new ArrayList<>();
        List<double[]> columns = new ArrayList<>();
        long rows = -1;
        for (Map.Entry<String, NpyArray> e : arrays.entrySet()) {
            long[] shape = e.getValue().shape();
            if (shape.length != 1 || (rows >= 0 && shape[0] != rows)) {
                throw new DataFormatException(path + ": array '" + e.getKey() + "' has shape " + Arrays.toString(shape)
                        + "; a table in an .npz is arrays 'x' and 'y', or one 1-d array per column, all of the same length"
                        + (rows >= 0 ? " (" + rows + ")" : "") + "; found " + describe(arrays));
            }
            rows = shape[0];
            names.add(e.getKey());
            columns.add(e.getValue().toDoubleArray());
        }
        if (names.isEmpty()) {
            throw new DataFormatException(path + ": holds no arrays");
        }
        return select(path.toString(), names, columns, targets);
    }

    private static String describe(Map<String, NpyArray> arrays) {
        List<String> parts = new ArrayList<>();
        arrays.forEach((k, v) -> parts.add(k + " " + Arrays.toString(v.shape())));
        return String.join(", ", parts);
    }

    private static int rows(Path path, String name, NpyArray a) {
        if (a.shape().length < 1 || a.shape().length > 2) {
            throw new DataFormatException(path + ": array '" + name + "' must be 1-d or 2-d (rows x columns), got shape "
                    + Arrays.toString(a.shape()));
        }
        return (int) a.shape()[0];
    }

    private static List<String> columnNames(String array, NpyArray a) {
        if (a.shape().length == 1) {
            return List.of(array);
        }
        List<String> names = new ArrayList<>();
        for (int j = 0; j < a.shape()[1]; j++) {
            names.add(array + j);
        }
        return names;
    }

    private static float[] finiteFloats(Path path, String name, NpyArray a) {
        float[] v = a.toFloatArray();
        int cols = a.shape().length == 2 ? (int) a.shape()[1] : 1;
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                throw new DataFormatException(path + ": array '" + name + "' has a non-finite value " + v[i] + " at row " + i / cols
                        + (cols > 1 ? ", column " + i % cols : "") + (Double.isFinite(a.toDoubleArray()[i]) ? " (beyond float32)" : ""));
            }
        }
        return v;
    }

    /** The targets (by name or index) and every other column as inputs, each checked finite. */
    private static RegressionData select(String source, List<String> names, List<double[]> columns, List<String> targets) {
        int[] t = targetIndices(source, names, targets);
        boolean[] isTarget = new boolean[names.size()];
        for (int j : t) {
            isTarget[j] = true;
        }
        int[] in = IntStream.range(0, names.size()).filter(j -> !isTarget[j]).toArray();
        if (in.length == 0) {
            throw new DataFormatException(source + ": no input column: its only column(s) " + targetNames(names, t)
                    + " are the target(s)");
        }
        int rows = columns.get(0).length;
        return RegressionData.wrap(rowMajor(source, names, columns, in, rows), rowMajor(source, names, columns, t, rows),
                pick(names, in), pick(names, t));
    }

    private static float[] rowMajor(String source, List<String> names, List<double[]> columns, int[] pick, int rows) {
        float[] out = new float[rows * pick.length];
        for (int c = 0; c < pick.length; c++) {
            double[] v = columns.get(pick[c]);
            for (int i = 0; i < rows; i++) {
                float f = (float) v[i];
                if (!Float.isFinite(f)) {
                    throw new DataFormatException(source + ": column '" + names.get(pick[c]) + "' has a non-finite value "
                            + v[i] + " at row " + i + (Double.isFinite(v[i]) ? " (beyond float32)" : ""));
                }
                out[i * pick.length + c] = f;
            }
        }
        return out;
    }

    private static List<String> pick(List<String> names, int[] idx) {
        List<String> out = new ArrayList<>();
        for (int j : idx) {
            out.add(names.get(j));
        }
        return out;
    }

    private static String targetNames(List<String> names, int[] t) {
        return String.join(", ", pick(names, t).stream().map(n -> "'" + n + "'").toList());
    }

    private static int[] targetIndices(String source, List<String> names, List<String> targets) {
        if (targets.isEmpty()) {
            return new int[] {names.size() - 1};
        }
        List<Integer> byIndex = indices(targets);
        int[] t = new int[targets.size()];
        for (int i = 0; i < t.length; i++) {
            int j = byIndex != null ? (byIndex.get(i) < 0 ? names.size() + byIndex.get(i) : byIndex.get(i))
                    : names.indexOf(targets.get(i).trim());
            if (j < 0 || j >= names.size()) {
                throw new DataFormatException(source + ": no target column '" + targets.get(i).trim() + "'; columns: "
                        + Table.describe(names));
            }
            t[i] = j;
        }
        if (Arrays.stream(t).distinct().count() != t.length) {
            throw new DataFormatException(source + ": a target column is given twice: " + targets);
        }
        return t;
    }

    /** The targets as indices when all are integers, null when all are names; a mix is refused. */
    private static List<Integer> indices(List<String> targets) {
        List<Integer> out = new ArrayList<>();
        for (String t : targets) {
            try {
                out.add(Integer.parseInt(t.trim()));
            } catch (NumberFormatException e) {
                out = null;
                break;
            }
        }
        if (out == null && targets.stream().anyMatch(t -> t.trim().matches("-?\\d+"))) {
            throw new IllegalArgumentException("give the target columns all by name or all by index, got " + targets);
        }
        return out;
    }

    /** A CSV reader with the targets selected by name or index. */
    private static CsvReader.Builder csv(Path path, List<String> targets) {
        CsvReader.Builder builder = CsvReader.builder().setPath(path);
        List<Integer> byIndex = targets.isEmpty() ? null : indices(targets);
        if (byIndex != null) {
            builder.optTargetIndices(byIndex.stream().mapToInt(Integer::intValue).toArray());
        } else if (!targets.isEmpty()) {
            builder.optTargets(targets.stream().map(String::trim).toList());
        }
        return builder;
    }
}
