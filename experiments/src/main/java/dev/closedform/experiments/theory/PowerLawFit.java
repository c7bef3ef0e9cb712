package dev.closedform.experiments.theory;

/**
 * Least-squares fit of {@code log y = log c + exponent log x}, with the standard error of the exponent
 * from the residuals (needs at least 3 points for an error; NaN otherwise).
 *
 * @param exponent      fitted slope on log-log axes
 * @param standardError its standard error
 * @param prefactor     {@code c}
 * @param points        points fitted
 */
public record PowerLawFit(double exponent, double standardError, double prefactor, int points) {

    /** Fits positive pairs; non-positive or non-finite values are skipped. */
    public static PowerLawFit of(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("x and y differ in length: " + x.length + " and " + y.length);
        }
        int n = 0;
        double sx = 0;
        double sy = 0;
        for (int i = 0; i < x.length; i++) {
            if (usable(x[i], y[i])) {
                n++;
                sx += Math.log(x[i]);
                sy += Math.log(y[i]);
            }
        }
        if (n < 2) {
            return new PowerLawFit(Double.NaN, Double.NaN, Double.NaN, n);
        }
        double mx = sx / n;
        double my = sy / n;
        double sxx = 0;
        double sxy = 0;
        for (int i = 0; i < x.length; i++) {
            if (usable(x[i], y[i])) {
                double dx = Math.log(x[i]) - mx;
                sxx += dx * dx;
                sxy += dx * (Math.log(y[i]) - my);
            }
        }
        if (sxx == 0) {
            return new PowerLawFit(Double.NaN, Double.NaN, Double.NaN, n);
        }
        double slope = sxy / sxx;
        double intercept = my - slope * mx;
        double ssr = 0;
        for (int i = 0; i < x.length; i++) {
            if (usable(x[i], y[i])) {
                double r = Math.log(y[i]) - intercept - slope * Math.log(x[i]);
                ssr += r * r;
            }
        }
        double se = n > 2 ? Math.sqrt(ssr / (n - 2) / sxx) : Double.NaN;
        return new PowerLawFit(slope, se, Math.exp(intercept), n);
    }

    /** The fitted value at {@code x}. */
    public double at(double x) {
        return prefactor * Math.pow(x, exponent);
    }

    private static boolean usable(double x, double y) {
        return x > 0 && y > 0 && Double.isFinite(x) && Double.isFinite(y);
    }
}
