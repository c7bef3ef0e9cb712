package dev.closedform.data;

import dev.closedform.engine.EngineSettings;
import dev.closedform.head.DenseMatrix;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A delimited text table as named columns of doubles, as {@link CsvReader#readTable()} reads it.
 * Every column is read, but a column is checked only when it is used: text columns (names, factor
 * labels) and missing values ({@code NA}, empty cells) are fine in columns nobody asks for, and a
 * used column with either fails with one line naming the file, line, column and cell.
 *
 * <p>The first column is a row-names column when its header cell is empty: R's {@code write.csv}
 * writes {@code ""} there, pandas' {@code to_csv} writes nothing; {@link #rowNamesColumn()} tells.
 */
public final class Table {

    static {
        EngineSettings.ensureOffline(); // an entry point of the library: DJL offline before its engine can start
    }

    /** A cell that makes its column unusable: its line and text. */
    private record Cell(int line, String text, CsvCells.Kind kind) {}

    private final String source;
    private final int headerLine;
    private final List<String> names;
    private final int rowNamesColumn;
    private final double[][] columns;
    private final int[] lines;
    private final Cell[] firstProblem;
    private final boolean[] hasNumber;

    private Table(Builder b) {
        this.source = b.source;
        this.headerLine = b.headerLine;
        this.names = List.copyOf(b.names);
        this.rowNamesColumn = b.rowNamesColumn;
        this.columns = new double[names.size()][];
        for (int j = 0; j < columns.length; j++) {
            columns[j] = Arrays.copyOf(b.columns[j], b.rows);
        }
        this.lines = Arrays.copyOf(b.lines, b.rows);
        this.firstProblem = b.firstProblem;
        this.hasNumber = b.hasNumber;
    }

    /**
     * Reads a delimited text file with the default detection of {@link CsvReader} (delimiter, header,
     * preamble, row names); {@code CsvReader.builder()...readTable()} overrides them.
     */
    public static Table read(Path file) throws IOException {
        return CsvReader.builder().setPath(file).build().readTable();
    }

    /** The file the table was read from. */
    public String source() {
        return source;
    }

    /** 1-based line of the header, 0 without one. */
    public int headerLine() {
        return headerLine;
    }

    /** Column names: the header's (an empty one becomes {@code colJ}), or {@code col0, col1, ...}. */
    public List<String> names() {
        return names;
    }

    public int rows() {
        return lines.length;
    }

    /** 0 when the first column holds row names (its header cell is empty), else -1. */
    public int rowNamesColumn() {
        return rowNamesColumn;
    }

    /** 1-based line of data row {@code row} in the file. */
    public int line(int row) {
        return lines[row];
    }

    /** Whether a column holds text and no number at all (labels, names): not an input by default. */
    public boolean isText(int column) {
        return !hasNumber[column] && firstProblem[column] != null && firstProblem[column].kind() == CsvCells.Kind.TEXT;
    }

    /**
     * The index of a column.
     *
     * @throws DataFormatException naming the file and listing the columns when there is none of that name
     */
    public int index(String name) {
        int j = names.indexOf(name.trim());
        if (j < 0) {
            throw new DataFormatException(source + ": no column '" + name.trim() + "'; columns: " + describe(names));
        }
        return j;
    }

    /** The values of a used column, checked. */
    public double[] column(String name) {
        return column(index(name));
    }

    /**
     * The values of column {@code j} (a copy), checked.
     *
     * @throws DataFormatException at its first missing, infinite or non-numeric cell
     */
    public double[] column(int j) {
        Cell bad = firstProblem[j];
        if (bad != null) {
            String at = source + ": line " + bad.line() + ", column '" + names.get(j) + "' (index " + j + "): ";
            throw new DataFormatException(at + switch (bad.kind()) {
                case MISSING -> (bad.text().isEmpty() ? "missing value (empty cell)" : "missing value '" + bad.text() + "'")
                        + "; a column that is used must have a value in every row";
                case INFINITE -> "non-finite value '" + bad.text() + "' (NaN/Inf are not allowed)";
                default -> "non-numeric value '" + bad.text() + "'";
            });
        }
        return columns[j].clone();
    }

    /** The named columns side by side (rows x names), checked. */
    public DenseMatrix columns(List<String> names) {
        DenseMatrix m = DenseMatrix.zeros(rows(), names.size());
        for (int c = 0; c < names.size(); c++) {
            double[] v = column(names.get(c));
            for (int i = 0; i < v.length; i++) {
                m.set(i, c, v[i]);
            }
        }
        return m;
    }

    static String describe(List<String> names) {
        StringBuilder sb = new StringBuilder("[");
        for (int j = 0; j < names.size(); j++) {
            sb.append(j > 0 ? ", " : "").append(j).append(": ").append(names.get(j));
        }
        return sb.append(']').toString();
    }

    /** Collects rows as {@link CsvReader} parses them. */
    static final class Builder {
        private final String source;
        private final int headerLine;
        private final List<String> names;
        private final int rowNamesColumn;
        private double[][] columns;
        private int[] lines = new int[256];
        private int rows;
        private final Cell[] firstProblem;
        private final boolean[] hasNumber;

        Builder(String source, int headerLine, List<String> names, int rowNamesColumn) {
            this.source = source;
            this.headerLine = headerLine;
            this.names = new ArrayList<>(names);
            this.rowNamesColumn = rowNamesColumn;
            this.columns = new double[names.size()][256];
            this.firstProblem = new Cell[names.size()];
            this.hasNumber = new boolean[names.size()];
        }

        /** One data row; the cell count was checked by the caller. */
        void add(int line, List<String> cells) {
            if (rows == lines.length) {
                int grown = Math.addExact(rows, rows >> 1);
                lines = Arrays.copyOf(lines, grown);
                for (int j = 0; j < columns.length; j++) {
                    columns[j] = Arrays.copyOf(columns[j], grown);
                }
            }
            lines[rows] = line;
            for (int j = 0; j < columns.length; j++) {
                String cell = cells.get(j);
                CsvCells.Kind kind = CsvCells.kind(cell);
                double v = kind == CsvCells.Kind.NUMBER ? Double.parseDouble(cell) : Double.NaN;
                if (kind == CsvCells.Kind.NUMBER && Double.isInfinite(v)) {
                    kind = CsvCells.Kind.INFINITE; // e.g. 1e999: beyond double
                }
                if (kind == CsvCells.Kind.NUMBER) {
                    columns[j][rows] = v;
                    hasNumber[j] = true;
                } else {
                    columns[j][rows] = Double.NaN;
                    if (firstProblem[j] == null) {
                        firstProblem[j] = new Cell(line, cell, kind);
                    }
                }
            }
            rows++;
        }

        int rows() {
            return rows;
        }

        Table build() {
            return new Table(this);
        }
    }
}
