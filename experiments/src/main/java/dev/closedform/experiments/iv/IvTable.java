package dev.closedform.experiments.iv;

import dev.closedform.data.DataFormatException;
import dev.closedform.head.DenseMatrix;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A numeric CSV table with a header, kept in double precision. The IV path reads its own doubles instead of
 * {@link dev.closedform.data.CsvReader}, which stores float32 ({@code RegressionData}): linear feature maps must
 * reproduce 2SLS to 1e-6 relative, and rounding the data to float32 first would already cost about that much.
 */
public record IvTable(Path file, List<String> header, double[][] rows) {

    public static IvTable read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no such file: " + file);
        }
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String first = in.readLine();
            if (first == null) {
                throw new DataFormatException(file + ": empty file");
            }
            List<String> header = new ArrayList<>();
            for (String h : first.split(",", -1)) {
                header.add(h.trim().replace("\"", ""));
            }
            List<double[]> rows = new ArrayList<>();
            String line;
            int lineNo = 1;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = line.split(",", -1);
                if (cells.length != header.size()) {
                    throw new DataFormatException(file + " line " + lineNo + ": " + cells.length + " cells, header has "
                            + header.size());
                }
                double[] row = new double[cells.length];
                for (int j = 0; j < cells.length; j++) {
                    try {
                        row[j] = Double.parseDouble(cells[j].trim());
                    } catch (NumberFormatException e) {
                        throw new DataFormatException(file + " line " + lineNo + ", column " + header.get(j)
                                + ": not a number: '" + cells[j] + "'");
                    }
                    if (!Double.isFinite(row[j])) {
                        throw new DataFormatException(file + " line " + lineNo + ", column " + header.get(j)
                                + ": non-finite value " + cells[j]);
                    }
                }
                rows.add(row);
            }
            if (rows.isEmpty()) {
                throw new DataFormatException(file + ": header but no rows");
            }
            return new IvTable(file, List.copyOf(header), rows.toArray(new double[0][]));
        }
    }

    public int column(String name) {
        int i = header.indexOf(name.trim());
        if (i < 0) {
            throw new IllegalArgumentException(file + ": no column '" + name + "' (columns: " + header + ")");
        }
        return i;
    }

    public DenseMatrix columns(List<String> names) {
        int[] idx = names.stream().mapToInt(this::column).toArray();
        DenseMatrix m = DenseMatrix.zeros(rows.length, idx.length);
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < idx.length; j++) {
                m.set(i, j, rows[i][idx[j]]);
            }
        }
        return m;
    }

    public double[] column(int j) {
        return Arrays.stream(rows).mapToDouble(r -> r[j]).toArray();
    }
}
