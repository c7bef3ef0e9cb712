package dev.closedform.head;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GramStatisticsTest {
    @Test
    void statisticsMatchLoopSums() {
        Random rnd = new Random(1);
        double[][] phi = Reference.features(rnd, 13, 4);
        double[][] y = Reference.gaussian(rnd, 13, 2);
        try (NDManager m = NDManager.newBaseManager()) {
            GramStatistics s = GramStatistics.of(Reference.nd(m, phi, DataType.FLOAT64), Reference.nd(m, y, DataType.FLOAT64));
            assertEquals(4, s.d());
            assertEquals(2, s.o());
            assertEquals(13, s.rows());
            for (int j = 0; j < 4; j++) {
                for (int k = 0; k < 4; k++) {
                    double g = 0;
                    for (double[] row : phi) {
                        g += row[j] * row[k];
                    }
                    assertEquals(g, s.gram().get(j, k), 1e-12);
                }
                for (int r = 0; r < 2; r++) {
                    double c = 0;
                    for (int i = 0; i < 13; i++) {
                        c += y[i][r] * phi[i][j];
                    }
                    assertEquals(c, s.cross().get(r, j), 1e-12);
                }
            }
        }
    }

    /** Float32 statistics of 37 features, split from the engine's product on the JVM: every entry, and exactly symmetric. */
    @Test
    void float32StatisticsAreSymmetricAndMatchLoopSums() {
        Random rnd = new Random(3);
        int n = 50;
        int d = 37;
        double[][] phi = Reference.gaussian(rnd, n, d);
        double[][] y = Reference.gaussian(rnd, n, 3);
        try (NDManager m = NDManager.newBaseManager()) {
            GramStatistics s = GramStatistics.of(java.util.List.of(Reference.nd(m, phi, DataType.FLOAT32)),
                    java.util.List.of(Reference.nd(m, y, DataType.FLOAT32)), GramPrecision.FLOAT32_CHUNKS);
            DenseMatrix g = s.gram();
            for (int j = 0; j < d; j++) {
                for (int k = 0; k < d; k++) {
                    double exact = 0;
                    for (double[] row : phi) {
                        exact += (float) row[j] * (double) (float) row[k];
                    }
                    assertEquals(exact, g.get(j, k), 1e-5 * n, "(" + j + ", " + k + ")");
                    assertEquals(g.get(j, k), g.get(k, j), 0.0, "symmetric at (" + j + ", " + k + ")");
                }
            }
        }
    }

    @Test
    void twoShardsSumToTheWholeBatch() {
        Random rnd = new Random(2);
        double[][] phi = Reference.features(rnd, 20, 5);
        double[][] y = Reference.gaussian(rnd, 20, 3);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray f = Reference.nd(m, phi, DataType.FLOAT64);
            NDArray t = Reference.nd(m, y, DataType.FLOAT64);
            GramStatistics whole = GramStatistics.of(f, t);
            GramStatistics a = GramStatistics.of(f.get("0:7"), t.get("0:7"));
            GramStatistics b = GramStatistics.of(f.get("7:"), t.get("7:"));
            GramStatistics sum = a.plus(b);
            assertEquals(7, a.rows()); // plus must not mutate its operands
            assertEquals(20, sum.rows());
            assertTrue(sum.gram().maxAbsDiff(whole.gram()) < 1e-12);
            assertTrue(sum.cross().maxAbsDiff(whole.cross()) < 1e-12);

            GramStatistics acc = GramStatistics.empty(5, 3);
            acc.addInPlace(a).addInPlace(b);
            assertEquals(20, acc.rows());
            assertTrue(acc.gram().maxAbsDiff(whole.gram()) < 1e-12);
            assertTrue(acc.cross().maxAbsDiff(whole.cross()) < 1e-12);
        }
    }

    @Test
    void float32InputIsAccumulatedInFloat64() {
        Random rnd = new Random(3);
        // Features with a large offset: float32 accumulation of Phi^T Phi over many rows would lose digits.
        int n = 4000;
        double[][] phi = Reference.features(rnd, n, 3);
        for (double[] row : phi) {
            row[0] += 1000;
        }
        double[][] y = Reference.gaussian(rnd, n, 1);
        double[][] phi32 = Reference.roundToFloat(phi);
        try (NDManager m = NDManager.newBaseManager()) {
            GramStatistics s = GramStatistics.of(Reference.nd(m, phi, DataType.FLOAT32), Reference.nd(m, y, DataType.FLOAT32));
            double g00 = 0;
            for (double[] row : phi32) {
                g00 += row[0] * row[0];
            }
            assertEquals(g00, s.gram().get(0, 0), 1e-12 * g00);
        }
    }

    @Test
    void shapeErrorsNameTheShapes() {
        try (NDManager m = NDManager.newBaseManager()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> GramStatistics.of(m.ones(new Shape(4, 3)), m.ones(new Shape(5, 1))));
            assertTrue(e.getMessage().contains("(4, 3)") && e.getMessage().contains("(5, 1)"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> GramStatistics.of(m.ones(new Shape(4, 3)), m.ones(new Shape(4))));
            assertTrue(e.getMessage().contains("(4)"), e.getMessage());
            GramStatistics s = GramStatistics.empty(3, 1);
            e = assertThrows(IllegalArgumentException.class, () -> s.addInPlace(GramStatistics.empty(4, 1)));
            assertTrue(e.getMessage().contains("d=4") && e.getMessage().contains("d=3"), e.getMessage());
        }
    }
}
