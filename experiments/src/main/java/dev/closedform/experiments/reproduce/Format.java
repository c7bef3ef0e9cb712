package dev.closedform.experiments.reproduce;

import java.util.Locale;

/** How the report prints numbers: four significant digits, scientific notation only when very small or large. */
public final class Format {

    private Format() {}

    public static String num(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        return a >= 1e-3 && a < 1e6 ? String.format(Locale.ROOT, "%.4g", v) : String.format(Locale.ROOT, "%.3e", v);
    }

    /** {@code mean ± std}, or the single value for one seed. */
    public static String meanStd(Stats s) {
        if (!s.any()) {
            return "n/a";
        }
        return s.n() == 1 ? num(s.mean()) : num(s.mean()) + " ± " + num(s.std());
    }

    /** Seconds as {@code 12.3 s}, {@code 4.5 min} or {@code 2.1 h}. */
    public static String duration(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "n/a";
        }
        if (seconds < 120) {
            return String.format(Locale.ROOT, "%.1f s", seconds);
        }
        if (seconds < 7200) {
            return String.format(Locale.ROOT, "%.1f min", seconds / 60);
        }
        return String.format(Locale.ROOT, "%.1f h", seconds / 3600);
    }

    /** A share as a percentage, {@code 12.3%}. */
    public static String percent(double share) {
        return Double.isFinite(share) ? String.format(Locale.ROOT, "%.1f%%", 100 * share) : "n/a";
    }
}
