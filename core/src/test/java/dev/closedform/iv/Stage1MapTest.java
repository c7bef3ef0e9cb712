package dev.closedform.iv;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.closedform.head.DenseMatrix;
import dev.closedform.head.GramStatistics;
import dev.closedform.head.ProximalSolver;
import dev.closedform.head.RecursiveRidge;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@code (M psi + C)^T} must be the stage-1 weights that the stage's own solver finds for the same batch and
 * treatment features: the proximal solve (identity and diagonal metric) and the recursive pooled solve.
 */
class Stage1MapTest {

    private static final int ROWS = 40;
    private static final double BETA = 0.1;

    static DenseMatrix random(Random r, int rows, int cols, double scale) {
        DenseMatrix m = DenseMatrix.zeros(rows, cols);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                m.set(i, j, scale * r.nextGaussian());
            }
        }
        return m;
    }

    /** {@code (M psi + C)^T}: the stage-1 weights a map stands for. */
    static DenseMatrix weights(Stage1Map map, DenseMatrix psi) {
        DenseMatrix vT = map.m().times(psi);
        if (map.c() != null) {
            vT.addInPlace(1.0, map.c());
        }
        return vT.transpose();
    }

    private static GramStatistics statistics(DenseMatrix phi, DenseMatrix psi) {
        return GramStatistics.of(phi.transpose().times(phi), psi.transpose().times(phi), phi.rows());
    }

    private static void assertClose(DenseMatrix expected, DenseMatrix actual, String what) {
        double err = actual.maxAbsDiff(expected) / (1 + expected.frobeniusNorm());
        assertTrue(err < 1e-10, what + ": relative difference " + err);
    }

    @Test
    void proximalMapGivesTheProximalSolve() {
        Random r = new Random(3);
        DenseMatrix phi = Stages.withOnes(random(r, ROWS, 5, 3));
        DenseMatrix psi = random(r, ROWS, 2, 1);
        DenseMatrix anchor = random(r, 2, 6, 1);
        for (boolean scaled : new boolean[] {false, true}) {
            DenseMatrix expected = scaled ? ProximalSolver.solveScaled(statistics(phi, psi), 0.7, BETA, anchor)
                    : ProximalSolver.solve(statistics(phi, psi), 0.7, BETA, anchor);
            assertClose(expected, weights(Stage1Map.proximal(phi, 0.7, scaled, BETA, anchor), psi),
                    scaled ? "diagonal metric" : "identity metric");
        }
        assertClose(ProximalSolver.ridge(statistics(phi, psi), BETA),
                weights(Stage1Map.proximal(phi, 0, false, BETA, anchor), psi), "lambda 0: the ridge solve");
    }

    @Test
    void recursiveMapGivesThePooledSolve() {
        Random r = new Random(5);
        DenseMatrix pastPhi = Stages.withOnes(random(r, ROWS, 5, 2));
        DenseMatrix pastPsi = random(r, ROWS, 2, 1);
        DenseMatrix phi = Stages.withOnes(random(r, ROWS, 5, 2));
        DenseMatrix psi = random(r, ROWS, 2, 1);
        RecursiveRidge pooled = new RecursiveRidge(0.5);
        pooled.solve(statistics(pastPhi, pastPsi), BETA);
        pooled.nextBatch();
        Stage1Map map = Stage1Map.recursive(phi, pooled, BETA); // before solve(): the current batch is not pending
        DenseMatrix expected = pooled.solve(statistics(phi, psi), BETA);
        assertClose(expected, weights(map, psi), "pooled");
    }
}
