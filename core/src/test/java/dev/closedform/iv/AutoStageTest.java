package dev.closedform.iv;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.closedform.head.AutoProximal;
import dev.closedform.head.DenseMatrix;
import dev.closedform.head.GramStatistics;
import dev.closedform.head.ProximalSolver;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * cf-auto's DFIV stage: the stage-1 map stage 2 differentiates through is the solve the stage made (with the pair it
 * chose), the pair follows the anchor's quality as GCV should, and the chosen state survives a checkpoint.
 */
class AutoStageTest {

    private static final int ROWS = 60;

    private static GramStatistics statistics(DenseMatrix phi, DenseMatrix y) {
        double squares = 0;
        for (double v : y.data()) {
            squares += v * v;
        }
        return GramStatistics.of(phi.transpose().times(phi), y.transpose().times(phi), phi.rows(), squares);
    }

    /** Targets {@code phi truth^T + noise}. */
    private static DenseMatrix targets(Random r, DenseMatrix phi, DenseMatrix truth, double noise) {
        DenseMatrix y = phi.times(truth.transpose());
        y.addInPlace(1.0, Stage1MapTest.random(r, y.rows(), y.cols(), noise));
        return y;
    }

    @Test
    void stage1MapIsTheSolveWithTheChosenPair() {
        Random r = new Random(11);
        DenseMatrix truth = Stage1MapTest.random(r, 3, 7, 1);
        DenseMatrix phi = Stages.withOnes(Stage1MapTest.random(r, ROWS, 6, 1));
        DenseMatrix psi = targets(r, phi, truth, 0.5);
        DenseMatrix anchor = truth.copy();
        anchor.addInPlace(1.0, Stage1MapTest.random(r, 3, 7, 0.3));
        AutoStage stage = new AutoStage();
        DenseMatrix solved = stage.solve(statistics(phi, psi), anchor);
        AutoProximal.Choice c = stage.choice();
        assertTrue(c.penaltyIndex() > 0, "the test needs a choice other than the initial one: " + c);
        DenseMatrix expected = ProximalSolver.solve(statistics(phi, psi), c.lambda(), c.beta(), anchor);
        assertTrue(solved.maxAbsDiff(expected) < 1e-12 * (1 + expected.frobeniusNorm()), "solve is the proximal solve at the pair");
        double err = Stage1MapTest.weights(stage.map(phi, anchor), psi).maxAbsDiff(solved) / (1 + solved.frobeniusNorm());
        assertTrue(err < 1e-10, "map against solve: relative difference " + err);
    }

    @Test
    void aGoodAnchorIsKeptAndABadOneIsRefit() {
        Random r = new Random(5);
        DenseMatrix truth = Stage1MapTest.random(r, 2, 9, 1);
        DenseMatrix phi = Stages.withOnes(Stage1MapTest.random(r, ROWS, 8, 1));
        DenseMatrix y = targets(r, phi, truth, 0.3);
        AutoStage keep = new AutoStage();
        keep.solve(statistics(phi, y), truth);
        AutoStage refit = new AutoStage();
        refit.solve(statistics(phi, y), Stage1MapTest.random(r, 2, 9, 5));
        assertTrue(keep.choice().lambda() > 10 * refit.choice().lambda(),
                "exact anchor pull " + keep.choice().lambda() + " against wrong anchor pull " + refit.choice().lambda());
    }

    @Test
    void theFirstBatchPairIsTheRidgeSolveAndChoosesNothing() {
        Random r = new Random(4);
        DenseMatrix truth = Stage1MapTest.random(r, 2, 6, 1);
        DenseMatrix phi = Stages.withOnes(Stage1MapTest.random(r, ROWS, 5, 1));
        GramStatistics first = statistics(phi, targets(r, phi, truth, 0.5));
        AutoStage stage = new AutoStage();
        DenseMatrix anchor = stage.firstAnchor(first);
        DenseMatrix ridge = ProximalSolver.ridge(first, AutoProximal.INITIAL_RIDGE);
        assertTrue(stage.solve(first, anchor).maxAbsDiff(ridge) == 0, "first pair: the ridge solve");
        assertTrue(stage.solve(first, anchor).maxAbsDiff(ridge) == 0, "every solve of the first pair");
        assertTrue(stage.state().values().iterator().next()[0] == 0, "the first pair must not enter the GCV average");
        stage.nextBatch();
        stage.solve(statistics(phi, targets(r, phi, truth, 0.5)), anchor);
        assertTrue(stage.state().values().iterator().next()[0] == 1, "later pairs choose");
    }

    @Test
    void stateRestoresTheChoice() {
        Random r = new Random(8);
        DenseMatrix truth = Stage1MapTest.random(r, 2, 5, 1);
        DenseMatrix phi = Stages.withOnes(Stage1MapTest.random(r, ROWS, 4, 1));
        AutoStage a = new AutoStage();
        DenseMatrix anchor = truth;
        for (int step = 0; step < 6; step++) {
            anchor = a.solve(statistics(phi, targets(r, phi, truth, 0.4)), anchor);
        }
        Map<String, double[]> state = a.state();
        AutoStage b = new AutoStage();
        b.restore(state);
        GramStatistics next = statistics(phi, targets(r, phi, truth, 0.4));
        DenseMatrix wa = a.solve(next, anchor);
        DenseMatrix wb = b.solve(next, anchor);
        assertTrue(wa.maxAbsDiff(wb) == 0, "restored stage must solve identically");
    }
}
