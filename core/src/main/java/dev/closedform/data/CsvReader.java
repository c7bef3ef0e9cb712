package dev.closedform.data;

import dev.closedform.engine.EngineSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.zip.GZIPInputStream;

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
 *   <li>the last column is the target, all other columns are inputs;</li>
 *   <li>files whose name ends in {@code .gz} are decompressed transparently.</li>
 * </ul>
 * Blank lines are ignored. Cells may be quoted with {@code "} (comma/semicolon/tab delimiters).
 * Every data cell must be a finite number representable as float32.
 *
 * <p>All format problems raise {@link DataFormatException} naming the file, the 1-based line
 * number and the column (name and 0-based index).
 */
public final class CsvReader {

    static {
        EngineSettings.ensureOffline(); // an entry point of the library: DJL offline before its engine can start
    }

    /** Delimiter value that means "one or more whitespace characters". */
    public static final char WHITESPACE = ' ';

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
     * Reads the file.
     *
     * @return the table
     * @throws IOException         on I/O failure
     * @throws DataFormatException on any format problem (message names file, line and column)
     */
    public RegressionData read() throws IOException {
        String file = path.toString();
        try (BufferedReader r = open(path)) {
            // Physical lines consumed so far; explicit skipping counts these, blank or not.
            int lineNo = 0;
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
            List<String> firstCells = split(first.text, delim);
            boolean header = switch (headerMode) {
                case PRESENT -> true;
                case ABSENT -> false;
                case AUTO -> firstCells.stream().anyMatch(c -> !isNumberLike(c));
            };
            int k = firstCells.size();
            List<String> names = header ? headerNames(firstCells, file, first.number) : defaultNames(k);
            String where = file + (header ? ": header at line " + first.number : "");
            int[] targets = resolveTargets(names, where);
            int[] inputs = resolveInputs(names, targets, where);

            FloatList x = new FloatList();
            FloatList y = new FloatList();
            float[] row = new float[k];
            int rows = 0;
            for (int i = header ? start + 1 : start; i < sample.size(); i++) {
                parseRow(sample.get(i), delim, names, file, row);
                append(row, inputs, targets, x, y);
                rows++;
            }
            while ((s = r.readLine()) != null) {
                lineNo++;
                if (lineNo <= toSkip || s.isBlank()) {
                    continue;
                }
                parseRow(new Line(lineNo, s), delim, names, file, row);
                append(row, inputs, targets, x, y);
                rows++;
            }
            if (rows == 0) {
                throw new DataFormatException(file + ": no data rows after the header at line " + first.number);
            }
            List<String> in = new ArrayList<>();
            for (int j : inputs) {
                in.add(names.get(j));
            }
            List<String> out = new ArrayList<>();
            for (int j : targets) {
                out.add(names.get(j));
            }
            return RegressionData.wrap(x.toArray(), y.toArray(), in, out);
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
            throw new IOException(p + ": not a valid gzip file: " + e.getMessage(), e);
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }

    private static void append(float[] row, int[] inputs, int[] targets, FloatList x, FloatList y) {
        for (int j : inputs) {
            x.add(row[j]);
        }
        for (int j : targets) {
            y.add(row[j]);
        }
    }

    // Score each candidate by how many sample lines share its most common field count (> 1).
    private static char detectDelimiter(List<Line> sample) {
        char best = ',';
        int bestScore = 0;
        for (char c : CANDIDATES) {
            Map<Integer, Integer> counts = new HashMap<>();
            for (Line l : sample) {
                counts.merge(split(l.text, c).size(), 1, Integer::sum);
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
        List<String> cells = split(line.text, delim);
        int n = nonEmptyFields(cells);
        if (n >= nonEmptyFields(split(next.text, delim))) {
            return false;
        }
        for (int j = 0; j < n; j++) {
            if (!isNumberLike(cells.get(j))) {
                return false;
            }
        }
        return true;
    }

    private static int nonEmptyFields(List<String> cells) {
        int n = cells.size();
        while (n > 0 && cells.get(n - 1).isEmpty()) {
            n--;
        }
        return n;
    }

    /** Splits a line into trimmed, unquoted cells. */
    static List<String> split(String line, char delim) {
        List<String> out = new ArrayList<>();
        if (delim == WHITESPACE) {
            String t = line.strip();
            if (t.isEmpty()) {
                out.add("");
                return out;
            }
            for (String c : t.split("\\s+")) {
                out.add(unquote(c));
            }
            return out;
        }
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cell.append(c);
                }
            } else if (c == delim) {
                out.add(wasQuoted ? cell.toString() : cell.toString().strip());
                cell.setLength(0);
                wasQuoted = false;
            } else if (c == '"' && cell.toString().isBlank()) {
                cell.setLength(0);
                quoted = true;
                wasQuoted = true;
            } else {
                cell.append(c);
            }
        }
        out.add(wasQuoted ? cell.toString().strip() : cell.toString().strip());
        return out;
    }

    private static String unquote(String c) {
        if (c.length() >= 2 && c.charAt(0) == '"' && c.charAt(c.length() - 1) == '"') {
            return c.substring(1, c.length() - 1);
        }
        return c;
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

    private int[] resolveInputs(List<String> names, int[] targets, String where) {
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
            return java.util.stream.IntStream.range(0, names.size()).filter(j -> !isTarget[j]).toArray();
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

    private static int[] byName(List<String> wanted, List<String> names, String where, String role) {
        int[] idx = new int[wanted.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = names.indexOf(wanted.get(i));
            if (idx[i] < 0) {
                throw new DataFormatException(where + ": " + role + " column '" + wanted.get(i)
                        + "' not found; available columns: " + describe(names));
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
                        + " out of range for " + k + " columns; available columns: " + describe(names));
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

    private static String describe(List<String> names) {
        StringBuilder sb = new StringBuilder("[");
        for (int j = 0; j < names.size(); j++) {
            if (j > 0) {
                sb.append(", ");
            }
            sb.append(j).append(": ").append(names.get(j));
        }
        return sb.append(']').toString();
    }

    private static void parseRow(Line line, char delim, List<String> names, String file, float[] row) {
        List<String> cells = split(line.text, delim);
        int k = names.size();
        if (cells.size() != k) {
            String detail = cells.size() < k
                    ? "; first missing column '" + names.get(cells.size()) + "' (index " + cells.size() + ")"
                    : "; unexpected extra field at column index " + k + ": '" + cells.get(k) + "'";
            throw new DataFormatException(file + ": line " + line.number + ": ragged row: expected " + k
                    + " fields, got " + cells.size() + detail);
        }
        for (int j = 0; j < k; j++) {
            row[j] = parseCell(cells.get(j), file, line.number, names.get(j), j);
        }
    }

    private static float parseCell(String cell, String file, int line, String name, int col) {
        String at = file + ": line " + line + ", column '" + name + "' (index " + col + "): ";
        if (cell.isEmpty()) {
            throw new DataFormatException(at + "empty cell (missing values are not supported)");
        }
        if (isNonFiniteToken(cell)) {
            throw new DataFormatException(at + "non-finite value '" + cell + "' (NaN/Inf are not allowed)");
        }
        double v;
        try {
            if (!plainNumberChars(cell)) {
                throw new NumberFormatException();
            }
            v = Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            throw new DataFormatException(at + "non-numeric value '" + cell + "'");
        }
        float f = (float) v;
        if (Float.isInfinite(f)) {
            throw new DataFormatException(at + "value '" + cell + "' is outside the float32 range");
        }
        return f;
    }

    /** True for cells that are numbers, including NaN/Inf spellings (so a row of NaNs is not a header). */
    static boolean isNumberLike(String cell) {
        if (isNonFiniteToken(cell)) {
            return true;
        }
        if (cell.isEmpty() || !plainNumberChars(cell)) {
            return false;
        }
        try {
            Double.parseDouble(cell);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean isNonFiniteToken(String cell) {
        String t = cell.toLowerCase(Locale.ROOT);
        if (t.startsWith("+") || t.startsWith("-")) {
            t = t.substring(1);
        }
        return t.equals("nan") || t.equals("inf") || t.equals("infinity");
    }

    // Double.parseDouble also accepts "1d", "1f", hex floats and "Infinity"; CSV numbers are decimal.
    private static boolean plainNumberChars(String cell) {
        for (int i = 0; i < cell.length(); i++) {
            char c = cell.charAt(i);
            if (!((c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** Growable float array (avoids boxing for large tables). */
    private static final class FloatList {
        private float[] a = new float[1024];
        private int n;

        void add(float v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, Math.addExact(a.length, a.length >> 1));
            }
            a[n++] = v;
        }

        float[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }
}
