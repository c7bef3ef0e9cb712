package dev.closedform.data;

import java.util.Arrays;
import java.util.Random;

/**
 * A partition of a table into a training and a test split.
 *
 * @param train the training rows
 * @param test  the test rows
 */
public record TrainTestSplit(RegressionData train, RegressionData test) {

    /**
     * Splits {@code all} at random: a seeded Fisher-Yates shuffle of the row indices, the first
     * {@code round(rows * testFraction)} shuffled rows become the test split and the rest the
     * training split (both in shuffled order). The same seed always gives the same split
     * (the shuffle uses {@link Random}, whose sequence is specified by the JDK).
     *
     * @param all          the full table, at least 2 rows
     * @param testFraction in {@code (0, 1)}; both splits must end up non-empty
     * @param seed         shuffle seed
     * @return the split
     * @throws IllegalArgumentException if the fraction is out of range or a split would be empty
     */
    public static TrainTestSplit random(RegressionData all, double testFraction, long seed) {
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("testFraction=" + testFraction + " must be in (0, 1)");
        }
        int n = all.rows();
        int nTest = (int) Math.round(n * testFraction);
        if (nTest < 1 || nTest > n - 1) {
            throw new IllegalArgumentException("testFraction=" + testFraction + " of rows=" + n
                    + " gives " + nTest + " test rows; both splits must be non-empty");
        }
        int[] perm = permutation(n, new Random(seed));
        return new TrainTestSplit(all.subset(Arrays.copyOfRange(perm, nTest, n)),
                all.subset(Arrays.copyOfRange(perm, 0, nTest)));
    }

    /**
     * @param n   size
     * @param rnd source of randomness
     * @return a uniformly random permutation of {@code 0..n-1} (Fisher-Yates)
     */
    static int[] permutation(int n, Random rnd) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
