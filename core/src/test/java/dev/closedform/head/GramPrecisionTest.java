package dev.closedform.head;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The head's statistics from float32 features, float64 and float32-in-chunks, against sums formed
 * on the JVM in double precision from the same float32 values (exact products, float64 sums).
 */
class GramPrecisionTest {

    /** Rows of a neural operator's batch (20 samples x 1024 points) plus a partial chunk. */
    private static final int N = 20 * 1024 + 333;
    private static final int D = 9;

    /**
     * Operator-like features: non-negative (post-activation) with a common offset, one near-constant
     * column (where a float32 sum over all rows at once drifts by about n u / 2 relative), the bias column,
     * and two target columns.
     */
    private static float[][] rows(Random random) {
        float[][] z = new float[N][D + 2];
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < D - 2; j++) {
                z[i][j] = (float) Math.max(0, 0.5 + random.nextGaussian());
            }
            z[i][D - 2] = (float) (0.1 + 1e-3 * random.nextGaussian());
            z[i][D - 1] = 1f;
            z[i][D] = (float) random.nextGaussian();
            z[i][D + 1] = (float) (3 + random.nextGaussian());
        }
        return z;
    }

    /** sum_i z_ij z_ik and sum_i |z_ij| |z_ik| in float64 (products of float32 values are exact). */
    private static double[][][] reference(float[][] z) {
        int m = z[0].length;
        double[][] sum = new double[m][m];
        double[][] abs = new double[m][m];
        for (float[] row : z) {
            for (int j = 0; j < m; j++) {
                for (int k = 0; k < m; k++) {
                    double p = (double) row[j] * row[k];
                    sum[j][k] += p;
                    abs[j][k] += Math.abs(p);
                }
            }
        }
        return new double[][][] {sum, abs};
    }

    private static GramStatistics statistics(NDManager m, float[][] z, GramPrecision precision) {
        float[] flat = new float[N * (D + 2)];
        for (int i = 0; i < N; i++) {
            System.arraycopy(z[i], 0, flat, i * (D + 2), D + 2);
        }
        NDArray joint = m.create(flat, new Shape(N, D + 2));
        return GramStatistics.ofJoint(List.of(joint), D, precision);
    }

    @Test
    void float32ChunksStayWithinTheirBound() {
        float[][] z = rows(new Random(5));
        double[][][] ref = reference(z);
        double bound = GramPrecision.float32ChunkBound((N + GramPrecision.CHUNK_ROWS - 1) / GramPrecision.CHUNK_ROWS);
        assertTrue(bound < 6.2e-5 && bound > 6.0e-5, "bound " + bound);
        try (NDManager m = NDManager.newBaseManager()) {
            GramStatistics s = statistics(m, z, GramPrecision.FLOAT32_CHUNKS);
            assertEquals(N, s.rows());
            double worst = 0;
            for (int j = 0; j < D; j++) {
                for (int k = 0; k < D; k++) {
                    double err = Math.abs(s.gram().get(j, k) - ref[0][j][k]);
                    assertTrue(err <= bound * ref[1][j][k], "gram " + j + "," + k + ": error " + err + " > bound " + bound * ref[1][j][k]);
                    worst = Math.max(worst, err / ref[1][j][k]);
                }
                for (int r = 0; r < 2; r++) {
                    double err = Math.abs(s.cross().get(r, j) - ref[0][D + r][j]);
                    assertTrue(err <= bound * ref[1][D + r][j], "cross " + r + "," + j + ": error " + err);
                }
            }
            // the bias column's sums are integers and the chunks' float32 sums of ones are exact
            assertEquals(N, s.gram().get(D - 1, D - 1), 0.0);
            // in practice the error is far below the worst case
            assertTrue(worst < bound / 10, "relative error " + worst);
        }
    }

    @Test
    void float64IsExactUpToTheFloat64Sum() {
        float[][] z = rows(new Random(6));
        double[][][] ref = reference(z);
        try (NDManager m = NDManager.newBaseManager()) {
            GramStatistics s = statistics(m, z, GramPrecision.FLOAT64);
            for (int j = 0; j < D; j++) {
                for (int k = 0; k < D; k++) {
                    assertEquals(ref[0][j][k], s.gram().get(j, k), 1e-12 * ref[1][j][k], "gram " + j + "," + k);
                }
                for (int r = 0; r < 2; r++) {
                    assertEquals(ref[0][D + r][j], s.cross().get(r, j), 1e-12 * ref[1][D + r][j], "cross " + r + "," + j);
                }
            }
        }
    }

    /** Separate feature and target shards give the statistics of the same rows side by side, bit for bit. */
    @Test
    void jointAndSeparateShardsAgree() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray f1 = m.randomNormal(new Shape(3000, 5));
            NDArray f2 = m.randomNormal(new Shape(1700, 5));
            NDArray y1 = m.randomNormal(new Shape(3000, 2));
            NDArray y2 = m.randomNormal(new Shape(1700, 2));
            for (GramPrecision p : GramPrecision.values()) {
                GramStatistics separate = GramStatistics.of(List.of(f1, f2), List.of(y1, y2), p);
                GramStatistics joint = GramStatistics.ofJoint(List.of(f1.concat(y1, 1), f2.concat(y2, 1)), 5, p);
                assertEquals(0.0, separate.gram().maxAbsDiff(joint.gram()), 0.0, p.toString());
                assertEquals(0.0, separate.cross().maxAbsDiff(joint.cross()), 0.0, p.toString());
                assertEquals(4700, joint.rows());
                GramStatistics sum = GramStatistics.of(f1, y1).plus(GramStatistics.of(f2, y2));
                assertTrue(sum.gram().maxAbsDiff(separate.gram()) <= 1e-4 * 4700, p + ": shards sum to the union");
            }
        }
    }
}
