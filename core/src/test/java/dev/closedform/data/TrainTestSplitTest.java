package dev.closedform.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TrainTestSplitTest {
    // row r has x = r and y = 10 r, so rows can be identified after shuffling
    private static RegressionData rows(int n) {
        float[] x = new float[n];
        float[] y = new float[n];
        for (int r = 0; r < n; r++) {
            x[r] = r;
            y[r] = 10 * r;
        }
        return new RegressionData(x, y, List.of("x"), List.of("y"));
    }

    @Test
    void sizesAndPartition() {
        TrainTestSplit s = TrainTestSplit.random(rows(100), 0.2, 1);
        assertEquals(80, s.train().rows());
        assertEquals(20, s.test().rows());
        float[] all = new float[100];
        System.arraycopy(s.train().x(), 0, all, 0, 80);
        System.arraycopy(s.test().x(), 0, all, 80, 20);
        Arrays.sort(all);
        for (int r = 0; r < 100; r++) {
            assertEquals(r, all[r], "every row exactly once");
        }
        for (int r = 0; r < 80; r++) {
            assertEquals(10 * s.train().x(r, 0), s.train().y(r, 0), "x and y stay paired");
        }
    }

    @Test
    void deterministicPerSeed() {
        RegressionData d = rows(50);
        assertArrayEquals(TrainTestSplit.random(d, 0.3, 42).test().x(), TrainTestSplit.random(d, 0.3, 42).test().x());
        assertFalse(Arrays.equals(TrainTestSplit.random(d, 0.3, 42).test().x(),
                TrainTestSplit.random(d, 0.3, 43).test().x()));
    }

    @Test
    void shuffleIsAPermutationAndNotIdentity() {
        int[] p = TrainTestSplit.permutation(1000, new Random(5));
        int[] sorted = p.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            assertEquals(i, sorted[i]);
        }
        int fixed = 0;
        for (int i = 0; i < p.length; i++) {
            fixed += p[i] == i ? 1 : 0;
        }
        assertEquals(0, fixed, 5, "a uniform shuffle fixes about one point");
    }

    @Test
    void rejectsEmptySplits() {
        assertThrows(IllegalArgumentException.class, () -> TrainTestSplit.random(rows(10), 0, 1));
        assertThrows(IllegalArgumentException.class, () -> TrainTestSplit.random(rows(10), 0.01, 1));
        assertThrows(IllegalArgumentException.class, () -> TrainTestSplit.random(rows(10), 1.0, 1));
    }
}
