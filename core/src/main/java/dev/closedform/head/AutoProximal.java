package dev.closedform.head;

import java.util.Arrays;

/**
 * Chooses the proximal coefficient {@code lambda} and the ridge {@code beta} of the proximal
 * closed-form head from the batches themselves, with no value from the user: the pair on a fixed
 * grid that minimises generalised cross-validation ({@link ProximalGcv}) of the batch's proximal
 * problem around the current weights, averaged (in log) over the recent selections.
 *
 * <p>The grid is laid out in the total penalty {@code c = lambda + beta} (how stiff the head is: a
 * logarithmic range, {@link #PENALTIES}) and the share {@code delta = beta / c} of it that pulls towards
 * zero rather than towards the previous weights ({@link #ZERO_SHARES}, from 0, the pure proximal step, to
 * 1, the per-batch ridge solve): {@code lambda = c (1 - delta)}, {@code beta = c delta}. GCV's degrees of
 * freedom depend on {@code c} only and its residual is a quadratic in {@code 1 - delta}, so a whole row
 * of shares costs one pass over the spectrum.
 *
 * <p>Why this chooses the memory too: {@code lambda -> infinity} keeps the previous weights, and GCV
 * then scores them on a batch they never saw ({@code df = 0}); small {@code lambda} fits the batch and
 * pays for it in degrees of freedom. So the chosen pull grows while the previous weights predict new
 * batches well and shrinks when the backbone has moved them out of date.
 *
 * <p>Why an average: one batch of a few dozen rows gives a noisy GCV curve, and a choice that jumps
 * between "keep the previous weights" and "refit the batch" from one step to the next trained worse
 * (Friedman #1: test MSE 2.71 choosing on each batch alone, 2.04 with the average) than a steady one.
 * The average of the log-GCV curves weighs the newest by {@link #NEWEST_CURVE_WEIGHT}, a memory of
 * about 20 selections, i.e. {@code 20 x} {@link #SELECTION_INTERVAL} steps.
 *
 * <p>Cost: a selection is one tridiagonal reduction of the batch's {@code min(n, d)}-sized Gram matrix
 * ({@link ProximalGcv}) plus a scan of the grid that costs {@code O(min(n, d) o)} per total penalty, whatever
 * the number of shares; selecting every {@link #SELECTION_INTERVAL}-th step spreads it out. The solve itself is
 * the ordinary proximal solve.
 */
public final class AutoProximal {

    /** Candidate total penalties {@code c = lambda + beta}: 10^-3 .. 10^4, four per decade. */
    public static final double[] PENALTIES = logGrid(-3, 4, 4);
    /** Candidate shares {@code delta = beta / c} of the penalty that pulls towards zero: 0 and 10^-8 .. 1, two per decade. */
    public static final double[] ZERO_SHARES = withZero(logGrid(-8, 0, 2));
    /** Steps between two selections; the choice is kept in between. */
    public static final int SELECTION_INTERVAL = 4;
    /** Weight of the newest log-GCV curve in the running average. */
    public static final double NEWEST_CURVE_WEIGHT = 0.05;
    /**
     * Ridge of the first solve {@code W_0}, which has no previous weights to score a pull towards: the
     * default ridge of {@code cf-prox}, not that batch's GCV choice. When the later choices keep the
     * weights (the largest pull, as on Fashion-MNIST), {@code W_0} stays the head for a long time, and a
     * GCV-shrunk first solve trained worse (10,000 rows, 5 epochs, 3 seeds: accuracy 0.779 against 0.809);
     * the likely reason is that a small head passes the backbone small gradients.
     */
    public static final double INITIAL_RIDGE = 1e-3;

    private final int interval;
    private final double newestWeight;
    private double[] averagedLogScore;
    private long calls;
    private int penaltyIndex;
    private int shareIndex;

    public AutoProximal() {
        this(SELECTION_INTERVAL, NEWEST_CURVE_WEIGHT);
    }

    /** Other selection intervals and curve weights than the documented constants (for experiments). */
    public AutoProximal(int interval, double newestWeight) {
        if (interval < 1) {
            throw new IllegalArgumentException("selection interval must be >= 1, got " + interval);
        }
        if (!(newestWeight > 0 && newestWeight <= 1)) {
            throw new IllegalArgumentException("weight of the newest curve must be in (0, 1], got " + newestWeight);
        }
        this.interval = interval;
        this.newestWeight = newestWeight;
    }

    /** The chosen pair and where it sits in the grid. */
    public record Choice(int penaltyIndex, int shareIndex) {
        public double penalty() {
            return PENALTIES[penaltyIndex];
        }

        public double lambda() {
            return PENALTIES[penaltyIndex] * (1 - ZERO_SHARES[shareIndex]);
        }

        public double beta() {
            return PENALTIES[penaltyIndex] * ZERO_SHARES[shareIndex];
        }

        /** The total penalty at an end of its range (both ends of the shares are genuine: no ridge, no pull). */
        public boolean atEdge() {
            return penaltyIndex == 0 || penaltyIndex == PENALTIES.length - 1;
        }
    }

    /** Whether the next {@link #choose} call scores a batch (the others keep the last choice). */
    public boolean selectsNext() {
        return calls % interval == 0;
    }

    /**
     * The pair for this step; {@code gcv} (of this batch around the current weights) is only read on
     * selection steps ({@link #selectsNext()}) and may be null on the others.
     */
    public Choice choose(ProximalGcv gcv) {
        boolean select = selectsNext();
        calls++;
        if (select) {
            double[] curve = logScores(gcv);
            if (averagedLogScore == null) {
                averagedLogScore = curve;
            } else {
                for (int k = 0; k < curve.length; k++) {
                    averagedLogScore[k] += newestWeight * (curve[k] - averagedLogScore[k]);
                }
            }
            int best = argmin(averagedLogScore);
            penaltyIndex = best / ZERO_SHARES.length;
            shareIndex = best % ZERO_SHARES.length;
        }
        return current();
    }

    public Choice current() {
        return new Choice(penaltyIndex, shareIndex);
    }

    /** The running state (step counter, choice, averaged curve), for checkpoints. */
    public double[] state() {
        double[] head = {calls, penaltyIndex, shareIndex};
        if (averagedLogScore == null) {
            return head;
        }
        double[] out = Arrays.copyOf(head, head.length + averagedLogScore.length);
        System.arraycopy(averagedLogScore, 0, out, head.length, averagedLogScore.length);
        return out;
    }

    public void restore(double[] state) {
        int grid = PENALTIES.length * ZERO_SHARES.length;
        if (state.length != 3 && state.length != 3 + grid) {
            throw new IllegalStateException("cf-auto state has " + state.length + " values, expected 3 or " + (3 + grid));
        }
        calls = (long) state[0];
        penaltyIndex = (int) state[1];
        shareIndex = (int) state[2];
        averagedLogScore = state.length == 3 ? null : Arrays.copyOfRange(state, 3, state.length);
    }

    /** log GCV over the grid, penalty-major. */
    static double[] logScores(ProximalGcv gcv) {
        double[] rhos = new double[ZERO_SHARES.length];
        for (int k = 0; k < rhos.length; k++) {
            rhos[k] = 1 - ZERO_SHARES[k];
        }
        double[] row = new double[rhos.length];
        double[] out = new double[PENALTIES.length * rhos.length];
        for (int c = 0; c < PENALTIES.length; c++) {
            gcv.scores(PENALTIES[c], rhos, row);
            for (int k = 0; k < rhos.length; k++) {
                out[c * rhos.length + k] = Math.log(row[k] + Double.MIN_NORMAL);
            }
        }
        return out;
    }

    private static int argmin(double[] v) {
        int best = 0;
        for (int k = 1; k < v.length; k++) {
            if (v[k] < v[best]) {
                best = k;
            }
        }
        return best;
    }

    private static double[] withZero(double[] grid) {
        double[] out = new double[grid.length + 1];
        System.arraycopy(grid, 0, out, 1, grid.length);
        return out;
    }

    static double[] logGrid(int fromExponent, int toExponent, int perDecade) {
        int count = (toExponent - fromExponent) * perDecade + 1;
        double[] out = new double[count];
        for (int k = 0; k < count; k++) {
            out[k] = Math.pow(10, fromExponent + (double) k / perDecade);
        }
        return out;
    }
}
