package dev.closedform.train;

import java.util.Random;

/**
 * The order in which rows are visited, shared by the training loop and the DFIV trainer. A seed fixes
 * it, so a resumed run visits the rows exactly as an uninterrupted one.
 */
public final class BatchOrder {

    private BatchOrder() {}

    /** The training loop's order for one epoch: a permutation drawn from its own generator seeded by seed and epoch. */
    public static int[] ofEpoch(int rows, long seed, int epoch) {
        int[] order = identity(rows);
        shuffle(order, new Random(seed * 1_000_003L + epoch));
        return order;
    }

    /** Fisher-Yates shuffle in place (the DFIV trainer carries one generator and its permutations across epochs). */
    public static void shuffle(int[] a, Random random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    public static int[] identity(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }

    /** {@code a[from..to)} as a new array. */
    public static int[] slice(int[] a, int from, int to) {
        int[] out = new int[to - from];
        System.arraycopy(a, from, out, 0, out.length);
        return out;
    }
}
