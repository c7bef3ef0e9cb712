package dev.closedform.experiments.theory;

/**
 * A proportion {@code k / n} with its 95% Wilson score interval, which stays inside [0, 1] and is
 * informative at {@code k = 0} (unlike the normal approximation's zero-width interval).
 */
public record BinomialInterval(long successes, long trials, double lower, double upper) {

    static final double Z95 = 1.959963984540054;

    public static BinomialInterval of(long successes, long trials) {
        if (trials < 1 || successes < 0 || successes > trials) {
            throw new IllegalArgumentException("need 0 <= successes <= trials and trials >= 1, got "
                    + successes + " of " + trials);
        }
        double n = trials;
        double p = successes / n;
        double z2 = Z95 * Z95;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = Z95 * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n);
        return new BinomialInterval(successes, trials, Math.max(0, centre - half), Math.min(1, centre + half));
    }

    public double fraction() {
        return (double) successes / trials;
    }

    /** {@code 0.4950 [0.4852, 0.5048] (4950 / 10000)}. */
    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%.4f [%.4f, %.4f] (%d / %d)", fraction(), lower, upper, successes, trials);
    }
}
