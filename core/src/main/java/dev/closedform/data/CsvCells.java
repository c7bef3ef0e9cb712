package dev.closedform.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Splitting lines into cells and telling numbers, missing values and text apart (the rules of {@link CsvReader}). */
final class CsvCells {

    /** Delimiter value that means "one or more whitespace characters". */
    static final char WHITESPACE = ' ';

    private CsvCells() {}

    /** What a cell holds. */
    enum Kind {
        NUMBER,
        /** Empty, or a spelling of a missing value: {@code NA}, {@code N/A}, {@code NaN}, {@code null} (R, pandas, NumPy). */
        MISSING,
        /** {@code inf}, {@code -Infinity}, ...: a number, but not a usable one. */
        INFINITE,
        TEXT
    }

    static Kind kind(String cell) {
        String t = cell.toLowerCase(Locale.ROOT);
        if (t.isEmpty() || t.equals("na") || t.equals("n/a") || t.equals("nan") || t.equals("null")
                || t.equals("+nan") || t.equals("-nan")) {
            return Kind.MISSING;
        }
        String unsigned = t.startsWith("+") || t.startsWith("-") ? t.substring(1) : t;
        if (unsigned.equals("inf") || unsigned.equals("infinity")) {
            return Kind.INFINITE;
        }
        return isPlainNumber(cell) ? Kind.NUMBER : Kind.TEXT;
    }

    /** True for cells that are numbers, including NaN/Inf spellings (so a row of NaNs is not a header). */
    static boolean isNumberLike(String cell) {
        Kind k = kind(cell);
        return k == Kind.NUMBER || k == Kind.INFINITE || (k == Kind.MISSING && !cell.isEmpty() && cell.toLowerCase(Locale.ROOT).contains("nan"));
    }

    // Double.parseDouble also accepts "1d", "1f", hex floats and "Infinity"; CSV numbers are decimal.
    private static boolean isPlainNumber(String cell) {
        for (int i = 0; i < cell.length(); i++) {
            char c = cell.charAt(i);
            if (!((c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-')) {
                return false;
            }
        }
        try {
            Double.parseDouble(cell);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
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
        out.add(cell.toString().strip());
        return out;
    }

    private static String unquote(String c) {
        if (c.length() >= 2 && c.charAt(0) == '"' && c.charAt(c.length() - 1) == '"') {
            return c.substring(1, c.length() - 1);
        }
        return c;
    }
}
