package dev.closedform.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.closedform.head.DenseMatrix;
import dev.closedform.head.GramPrecision;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A batch with float32-chunk statistics solves on them when the system is well conditioned, and on
 * float64 statistics when it is too close to singular for float32 rounding
 * ({@link GramPrecision#FLOAT32_MIN_RELATIVE_PIVOT}).
 */
class Float32FallbackTest {

    private static final int N = 300;
    private static final int D = 12;

    /** Gaussian features with the bias column; {@code collinear}: the last feature is the first plus 1e-4 noise. */
    private static float[] features(Random r, boolean collinear) {
        float[] f = new float[N * D];
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < D - 1; j++) {
                f[i * D + j] = (float) r.nextGaussian();
            }
            if (collinear) {
                f[i * D + D - 2] = (float) (f[i * D] + 1e-4 * r.nextGaussian());
            }
            f[i * D + D - 1] = 1f;
        }
        return f;
    }

    private static DenseMatrix solve(NDManager m, float[] f, float[] y, GramPrecision p, double beta) {
        NDArray features = m.create(f, new Shape(N, D));
        NDArray targets = m.create(y, new Shape(N, 1));
        return new HeadBatch(List.of(features), List.of(targets), true, p).solve(0, beta, null);
    }

    @Test
    void nearlySingularSystemsAreSolvedOnFloat64Statistics() {
        Random r = new Random(3);
        float[] y = new float[N];
        for (int i = 0; i < N; i++) {
            y[i] = (float) r.nextGaussian();
        }
        try (NDManager m = NDManager.newBaseManager()) {
            float[] collinear = features(r, true);
            // relative pivot of the collinear direction about 1e-8 / 1 at ridge 1e-8: far below 1e-2
            DenseMatrix chunks = solve(m, collinear, y, GramPrecision.FLOAT32_CHUNKS, 1e-8);
            DenseMatrix exact = solve(m, collinear, y, GramPrecision.FLOAT64, 1e-8);
            assertEquals(0.0, chunks.maxAbsDiff(exact), 0.0, "the fallback solves exactly the float64 system");

            float[] plain = features(r, false);
            DenseMatrix chunksWell = solve(m, plain, y, GramPrecision.FLOAT32_CHUNKS, 1e-3);
            DenseMatrix exactWell = solve(m, plain, y, GramPrecision.FLOAT64, 1e-3);
            assertNotEquals(0.0, chunksWell.maxAbsDiff(exactWell), "a well-conditioned system keeps the float32 statistics");
            assertTrue(chunksWell.maxAbsDiff(exactWell) < 1e-5 * (1 + exactWell.frobeniusNorm()), "and agrees to rounding");
        }
    }
}
