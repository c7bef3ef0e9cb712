package dev.closedform.experiments.reproduce;

import java.util.Locale;

/**
 * Whether one method beat another by more than the seeds' spread: the gap between the means must
 * exceed the larger of the two sample standard deviations (with one seed each, any gap counts, and the
 * report says that one seed cannot tell noise from effect).
 */
public final class Compare {

    /** How a comparison came out. */
    public enum Outcome { BETTER, WORSE, WITHIN_NOISE, MISSING }

    private Compare() {}

    public static Outcome of(Stats a, Stats b, boolean higherIsBetter) {
        if (!a.any() || !b.any()) {
            return Outcome.MISSING;
        }
        double gap = higherIsBetter ? a.mean() - b.mean() : b.mean() - a.mean();
        double noise = Math.max(a.std(), b.std());
        if (Math.abs(gap) <= noise) {
            return Outcome.WITHIN_NOISE;
        }
        return gap > 0 ? Outcome.BETTER : Outcome.WORSE;
    }

    /** {@code "cf-prox 0.0123 ± 0.0010 vs sgd 0.0150 ± 0.0020 (1.22x lower)"}. */
    public static String describe(String a, Stats sa, String b, Stats sb, boolean higherIsBetter) {
        if (!sa.any() || !sb.any()) {
            return a + " vs " + b + ": " + (!sa.any() ? a : b) + " has no finished run";
        }
        String gap;
        if (higherIsBetter) {
            gap = String.format(Locale.ROOT, "%+.4f", sa.mean() - sb.mean());
        } else if (sa.mean() > 0 && sb.mean() > 0) {
            double r = sb.mean() / sa.mean();
            gap = r >= 1 ? Format.num(r) + "x lower" : Format.num(1 / r) + "x higher";
        } else {
            gap = Format.num(sa.mean() - sb.mean());
        }
        return a + " " + Format.meanStd(sa) + " vs " + b + " " + Format.meanStd(sb) + " (" + gap + ")";
    }
}
