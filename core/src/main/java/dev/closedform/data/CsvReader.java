package dev.closedform.data;

import dev.closedform.engine.EngineSettings;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads a numeric delimited text table (CSV and relatives) into {@link RegressionData}.
 *
 * <pre>{@code
 * RegressionData d = CsvReader.builder()
 *         .setPath(Path.of("boston_house_prices.csv"))
 *         .optTargets(List.of("MEDV"))
 *         .build()
 *         .read();
 * }</pre>
 *
 * <p>Defaults, each overridable on the {@link Builder}:
 * <ul>
 *   <li>delimiter detected from the first lines: comma, semicolon, tab, or runs of whitespace
 *       (the one that splits most sample lines into the same number (&gt; 1) of fields, in that order
 *       of preference);</li>
 *   <li>preamble lines skipped automatically while a line consists of numbers only and has fewer
 *       non-empty fields than the next (e.g. scikit-learn's {@code "506,13,,,"} line before the
 *       Boston header); other preambles need {@link Builder#optSkipLines(int)};</li>
 *   <li>the first remaining line is a header iff any of its cells is not a number;</li>
 *   <li>a first column whose header cell is empty holds row names (R's {@code write.csv}, pandas'
 *       {@code to_csv} with its index) and is not an input; so does the first column when the header
 *       has one cell fewer than the data rows (R's {@code write.table});</li>
 *   <li>the last column is the target; every other column is an input, except the row names and
 *       text columns (no number in any row: names, factor labels);</li>
 *   <li>files whose name ends in {@code .gz} are decompressed transparently.</li>
 * </ul>
 * Blank lines are ignored. Cells may be quoted with {@code "} (comma/semicolon/tab delimiters), numbers
 * too ({@code "2.5"}). Only the columns used are checked: each of their cells must be a finite number
 * representable as float32; a missing value ({@code NA}, {@code NaN}, an empty cell) in a used column is
 * an error naming it, in an unused one it does no harm. {@link #readTable()} gives every column in
 * double precision, checked when asked for.
 *
 * <p>All format problems raise {@link DataFormatException} naming the file, the 1-based line
 * number and the column (name and 0-based index).
 */
public final class CsvReader {

    static {
        EngineSettings.ensureOffline(); // an entry point of the library: DJL offline before its engine can start
    }

    /** Delimiter value that means "one or more whitespace characters". */
    public static final char WHITESPACE = CsvCells.WHITESPACE;

    private static final char[] CANDIDATES = {',', ';', '\t', WHITESPACE};
    private static final int SAMPLE_LINES = 64;

    /** Whether the first (non-preamble) line holds column names. */
    public enum HeaderMode {
        /** Header iff any cell of the first line is non-numeric. */
        AUTO,
        /** The first line is a header. */
        PRESENT,
        /** There is no header; columns are named {@code col0, col1, ...}. */
        ABSENT
    }

    private final Path path;
    private final Character delimiter;
    private final HeaderMode headerMode;
    private final int skipLines;
    private final List<String> targetNames;
    private final int[] targetIndices;
    private final List<String> inputNames;
    private final int[] inputIndices;

    private CsvReader(Builder b) {
        this.path = b.path;
        this.delimiter = b.delimiter;
        this.headerMode = b.headerMode;
        this.skipLines = b.skipLines;
        this.targetNames = b.targetNames;
        this.targetIndices = b.targetIndices;
        this.inputNames = b.inputNames;
        this.inputIndices = b.inputIndices;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** Options for {@link CsvReader}; {@code setPath} is required, the rest optional. */
    public static final class Builder {
        private Path path;
        private Character delimiter;
        private HeaderMode headerMode = HeaderMode.AUTO;
        private int skipLines = -1;
        private List<String> targetNames;
        private int[] targetIndices;
        private List<String> inputNames;
        private int[] inputIndices;

        private Builder() {}

        /**
         * @param path the file; {@code .gz} suffix means gzip-compressed
         * @return this
         */
        public Builder setPath(Path path) {
            this.path = Objects.requireNonNull(path, "path");
            return this;
        }

        /**
         * @param delimiter field separator, or {@link #WHITESPACE} for runs of whitespace; default: detected
         * @return this
         */
        public Builder optDelimiter(char delimiter) {
            if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
                throw new IllegalArgumentException("delimiter '" + delimiter + "' is not allowed");
            }
            this.delimiter = delimiter;
            return this;
        }

        /**
         * @param present true: first line is a header; false: no header. Default: {@link HeaderMode#AUTO}
         * @return this
         */
        public Builder optHeader(boolean present) {
            this.headerMode = present ? HeaderMode.PRESENT : HeaderMode.ABSENT;
            return this;
        }

        /**
         * @param mode header handling
         * @return this
         */
        public Builder optHeaderMode(HeaderMode mode) {
            this.headerMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * @param lines number of physical lines to skip at the start (0 disables auto-detection);
         *              default: auto-detect
         * @return this
         */
        public Builder optSkipLines(int lines) {
            if (lines < 0) {
                throw new IllegalArgumentException("skipLines=" + lines + " must be >= 0");
            }
            this.skipLines = lines;
            return this;
        }

        /**
         * @param names target column names (header names, or {@code colJ} without a header)
         * @return this
         */
        public Builder optTargets(List<String> names) {
            this.targetNames = List.copyOf(names);
            this.targetIndices = null;
            return this;
        }

        /**
         * @param indices 0-based target columns; negative counts from the end ({@code -1} = last)
         * @return this
         */
        public Builder optTargetIndices(int... indices) {
            this.targetIndices = indices.clone();
            this.targetNames = null;
            return this;
        }

        /**
         * @param names input columns (default: all non-target columns), in the order given
         * @return this
         */
        public Builder optInputs(List<String> names) {
            this.inputNames = List.copyOf(names);
            this.inputIndices = null;
            return this;
        }

        /**
         * @param indices 0-based input columns, negative counts from the end (default: all non-target columns)
         * @return this
         */
        public Builder optInputIndices(int... indices) {
            this.inputIndices = indices.clone();
            this.inputNames = null;
            return this;
        }

        /**
         * @return the reader
         * @throws IllegalArgumentException if the path is missing or a selection is empty
         */
        public CsvReader build() {
            if (path == null) {
                throw new IllegalArgumentException("path is required (setPath)");
            }
            if ((targetNames != null && targetNames.isEmpty()) || (targetIndices != null && targetIndices.length == 0)) {
                throw new IllegalArgumentException("targets must not be empty");
            }
            return new CsvReader(this);
        }
    }

    /** A physical line with its 1-based number. */
    private record Line(int number, String text) {}

    /**
     * Reads the file into a table: the inputs and targets selected on the builder (by default the
     * last column is the target and every other numeric column an input; a row-names column and
     * text-only columns are left out).
     *
     * @return the table
     * @throws IOException         on I/O failure
     * @throws DataFormatException on any format problem (message names file, line and column)
     */
    public RegressionData read() throws IOException {
        Table t = readTable();
        String where = t.source() + (t.headerLine() > 0 ? ": header at line " + t.headerLine() : "");
        List<String> names = t.names();
        int[] targets = resolveTargets(names, where);
        int[] inputs = resolveInputs(t, targets, where);
        List<String> in = new ArrayList<>();
        for (int j : inputs) {
            in.add(names.get(j));
        }
        List<String> out = new ArrayList<>();
        for (int j : targets) {
            out.add(names.get(j));
        }
        return RegressionData.wrap(floats(t, inputs), floats(t, targets), in, out);
    }

    /**
     * Reads every column of the file as doubles; columns are checked when they are asked for
     * ({@link Table#column(String)}), so unused text columns and missing values do no harm.
     *
     * @throws IOException         on I/O failure
     * @throws DataFormatException on a malformed file (ragged rows, no rows, duplicate names, truncated gzip)
     */
    public Table readTable() throws IOException {
        String file = path.toString();
        int lineNo = 0;
        try (BufferedReader r = open(path)) {
            // Physical lines consumed so far; explicit skipping counts these, blank or not.
            int toSkip = Math.max(skipLines, 0);
            List<Line> sample = new ArrayList<>();
            String s;
            while (sample.size() < SAMPLE_LINES && (s = r.readLine()) != null) {
                lineNo++;
                if (lineNo == 1 && !s.isEmpty() && s.charAt(0) == '\uFEFF') {
                    s = s.substring(1); // UTF-8 byte order mark written by some spreadsheet tools
                }
                if (lineNo <= toSkip || s.isBlank()) {
                    continue;
                }
                sample.add(new Line(lineNo, s));
            }
            if (sample.isEmpty()) {
                throw new DataFormatException(file + ": empty file (no non-blank lines"
                        + (toSkip > 0 ? " after skipping " + toSkip + " lines" : "") + ")");
            }
            char delim = delimiter != null ? delimiter : detectDelimiter(sample);
            int start = 0;
            if (skipLines < 0) {
                while (start + 1 < sample.size() && isNumericPreamble(sample.get(start), sample.get(start + 1), delim)) {
                    start++;
                }
            }
            Line first = sample.get(start);
            List<String> firstCells = CsvCells.split(first.text, delim);
            boolean header = switch (headerMode) {
                case PRESENT -> true;
                case ABSENT -> false;
                case AUTO -> firstCells.stream().anyMatch(c -> !CsvCells.isNumberLike(c));
            };
            if (header && rowNamesWithoutHeaderCell(firstCells.size(), sample.subList(start + 1, sample.size()), delim)) {
                firstCells.add(0, ""); // R's write.table: the header has no cell above the row names
            }
            int k = firstCells.size();
            List<String> names = header ? headerNames(firstCells, file, first.number) : defaultNames(k);
            // R's write.csv and pandas' to_csv write the row names (index) under an empty first header cell
            int rowNames = header && k > 1 && firstCells.get(0).isEmpty() ? 0 : -1;
            Table.Builder table = new Table.Builder(file, header ? first.number : 0, names, rowNames);
            for (int i = header ? start + 1 : start; i < sample.size(); i++) {
                table.add(sample.get(i).number, cells(sample.get(i), delim, names, file));
            }
            while ((s = r.readLine()) != null) {
                lineNo++;
                if (lineNo <= toSkip || s.isBlank()) {
                    continue;
                }
                table.add(lineNo, cells(new Line(lineNo, s), delim, names, file));
            }
            if (table.rows() == 0) {
                throw new DataFormatException(file + ": no data rows after the header at line " + first.number);
            }
            return table.build();
        } catch (EOFException | ZipException e) {
            // GZIPInputStream: a file cut short, or damaged compressed data
            throw new DataFormatException(file + ": the compressed data is truncated or damaged after line " + lineNo
                    + " (" + e.getMessage() + ")", e);
        }
    }

    private static BufferedReader open(Path p) throws IOException {
        InputStream in = Files.newInputStream(p);
        try {
            if (p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz")) {
                in = new GZIPInputStream(in, 1 << 16);
            }
        } catch (IOException e) {
            in.close();
            throw new DataFormatException(p + ": not a valid gzip file: " + e.getMessage(), e);
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }

    /** The selected columns, row-major, as float32. */
    private static float[] floats(Table t, int[] columns) {
        int k = columns.length;
        float[] out = new float[t.rows() * k];
        for (int c = 0; c < k; c++) {
            double[] v = t.column(columns[c]);
            for (int i = 0; i < v.length; i++) {
                float f = (float) v[i];
                if (Float.isInfinite(f)) {
                    throw new DataFormatException(t.source() + ": line " + t.line(i) + ", column '" + t.names().get(columns[c])
                            + "' (index " + columns[c] + "): value " + v[i] + " is outside the float32 range");
                }
                out[i * k + c] = f;
            }
        }
        return out;
    }

    // Score each candidate by how many sample lines share its most common field count (> 1).
    private static char detectDelimiter(List<Line> sample) {
        char best = ',';
        int bestScore = 0;
        for (char c : CANDIDATES) {
            Map<Integer, Integer> counts = new HashMap<>();
            for (Line l : sample) {
                counts.merge(CsvCells.split(l.text, c).size(), 1, Integer::sum);
            }
            int score = 0;
            for (var e : counts.entrySet()) {
                if (e.getKey() > 1) {
                    score = Math.max(score, e.getValue());
                }
            }
            if (score > bestScore) { // strict: earlier candidates win ties
                best = c;
                bestScore = score;
            }
        }
        return best;
    }

    // Only a line of numbers is taken as preamble: a short text line is more likely a header
    // with a missing name (e.g. R's row-name column), which must be reported, not silently dropped.
    private static boolean isNumericPreamble(Line line, Line next, char delim) {
        List<String> cells = CsvCells.split(line.text, delim);
        int n = nonEmptyFields(cells);
        if (n >= nonEmptyFields(CsvCells.split(next.text, delim))) {
            return false;
        }
        for (int j = 0; j < n; j++) {
            if (!CsvCells.isNumberLike(cells.get(j))) {
                return false;
            }
        }
        return true;
    }

    /** Every sampled data row has one field more than the header (and there is one): R's write.table layout. */
    private static boolean rowNamesWithoutHeaderCell(int headerFields, List<Line> rows, char delim) {
        return !rows.isEmpty() && rows.stream().allMatch(l -> CsvCells.split(l.text, delim).size() == headerFields + 1);
    }

        private static int nonEmptyFields(List<String> cells) {
        int n = cells.size();
        while (n > 0 && cells.get(n - 1).isEmpty()) {
            n--;
        }
        return n;
    }

    private static List<String> headerNames(List<String> cells, String file, int line) {
        List<String> names = new ArrayList<>(cells.size());
        Map<String, Integer> seen = new HashMap<>();
        for (int j = 0; j < cells.size(); j++) {
            String n = cells.get(j).isEmpty() ? "col" + j : cells.get(j);
            Integer prev = seen.putIfAbsent(n, j);
            if (prev != null) {
                throw new DataFormatException(file + ": line " + line + ": duplicate header name '" + n
                        + "' in columns " + prev + " and " + j);
            }
            names.add(n);
        }
        return names;
    }

    private static List<String> defaultNames(int k) {
        List<String> names = new ArrayList<>(k);
        for (int j = 0; j < k; j++) {
            names.add("col" + j);
        }
        return names;
    }

    private int[] resolveTargets(List<String> names, String where) {
        int[] t;
        if (targetNames != null) {
            t = byName(targetNames, names, where, "target");
        } else if (targetIndices != null) {
            t = byIndex(targetIndices, names, where, "target");
        } else {
            t = new int[] {names.size() - 1};
        }
        requireDistinct(t, names, where, "target");
        return t;
    }

    private int[] resolveInputs(Table table, int[] targets, String where) {
        List<String> names = table.names();
        boolean[] isTarget = new boolean[names.size()];
        for (int j : targets) {
            isTarget[j] = true;
        }
        int[] in;
        if (inputNames != null) {
            in = byName(inputNames, names, where, "input");
        } else if (inputIndices != null) {
            in = byIndex(inputIndices, names, where, "input");
        } else {
            in = IntStream.range(0, names.size())
                    .filter(j -> !isTarget[j] && j != table.rowNamesColumn() && !table.isText(j)).toArray();
            if (in.length == 0) {
                throw new DataFormatException(noInputs(table, isTarget));
            }
        }
        requireDistinct(in, names, where, "input");
        for (int j : in) {
            if (isTarget[j]) {
                throw new DataFormatException(where + ": column '" + names.get(j) + "' (index " + j
                        + ") is selected both as input and as target");
            }
        }
        return in;
    }

    private static String noInputs(Table table, boolean[] isTarget) {
        List<String> names = table.names();
        List<String> left = new ArrayList<>();
        for (int j = 0; j < names.size(); j++) {
            if (!isTarget[j]) {
                left.add("'" + names.get(j) + "' (" + (j == table.rowNamesColumn() ? "row names" : "text") + ")");
            }
        }
        List<String> targets = new ArrayList<>();
        for (int j = 0; j < names.size(); j++) {
            if (isTarget[j]) {
                targets.add("'" + names.get(j) + "'");
            }
        }
        return table.source() + ": no input column: the table has " + names.size() + " column(s), target "
                + String.join(", ", targets) + (left.isEmpty() ? "" : ", and " + String.join(", ", left))
                + "; a regression table needs at least one numeric column besides the targets";
    }

    private static int[] byName(List<String> wanted, List<String> names, String where, String role) {
        int[] idx = new int[wanted.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = names.indexOf(wanted.get(i));
            if (idx[i] < 0) {
                throw new DataFormatException(where + ": " + role + " column '" + wanted.get(i)
                        + "' not found; available columns: " + Table.describe(names));
            }
        }
        return idx;
    }

    private static int[] byIndex(int[] wanted, List<String> names, String where, String role) {
        int k = names.size();
        int[] idx = new int[wanted.length];
        for (int i = 0; i < idx.length; i++) {
            int j = wanted[i] < 0 ? k + wanted[i] : wanted[i];
            if (j < 0 || j >= k) {
                throw new DataFormatException(where + ": " + role + " column index " + wanted[i]
                        + " out of range for " + k + " columns; available columns: " + Table.describe(names));
            }
            idx[i] = j;
        }
        return idx;
    }

    private static void requireDistinct(int[] idx, List<String> names, String where, String role) {
        boolean[] seen = new boolean[names.size()];
        for (int j : idx) {
            if (seen[j]) {
                throw new DataFormatException(where + ": " + role + " column '" + names.get(j) + "' (index " + j
                        + ") selected twice");
            }
            seen[j] = true;
        }
    }

    /** The cells of a data row, which must have as many as the header. */
    private static List<String> cells(Line line, char delim, List<String> names, String file) {
        List<String> cells = CsvCells.split(line.text, delim);
        int k = names.size();
        if (cells.size() != k) {
            String detail = cells.size() < k
                    ? "; first missing column '" + names.get(cells.size()) + "' (index " + cells.size() + ")"
                    : "; unexpected extra field at column index " + k + ": '" + cells.get(k) + "'";
            throw new DataFormatException(file + ": line " + line.number + ": ragged row: expected " + k
                    + " fields, got " + cells.size() + detail);
        }
        return cells;
    }
}
