package dev.closedform.experiments.theory;

import java.util.Locale;

/** Numbers in the markdown sections: four significant digits, scientific notation when very small or large. */
final class Format {

    private Format() {}

    static String num(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        double a = Math.abs(v);
        if (a != 0 && (a < 1e-3 || a >= 1e5)) {
            return String.format(Locale.ROOT, "%.3e", v);
        }
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
