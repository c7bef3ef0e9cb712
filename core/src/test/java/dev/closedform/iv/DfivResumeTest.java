package dev.closedform.iv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.closedform.train.EpochMetrics;
import dev.closedform.train.NpzCheckpointStore;
import dev.closedform.train.TrainingListener;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A DFIV run killed after an epoch and resumed from its checkpoint ends bit for bit as an uninterrupted run:
 * networks (with BatchNorm statistics), three Adams, both stages, the recursive stages' pooled statistics, the
 * pooled readout and the batch order are all carried over; a longer resumed run equals a longer uninterrupted one.
 */
class DfivResumeTest {

    private static final IvData DATA = IvTestData.generate(240, 4);

    private static DfivConfig.Builder config(String variant) {
        DfivConfig.Builder b = DfivConfig.builder().optTreatmentHidden("6,1").optInstrumentHidden("12,6").optCovariateHidden("8,4")
                .optBatchSize(40).optEpochs(4).optLearningRate(1e-2).optSeed(3);
        return switch (variant) {
            case "cf-prox-pooled-cosine" -> b.setMethod(DfivMethod.CF_PROX).optPooledFinal(true).optCosineLr(true);
            case "cf-rls" -> b.setMethod(DfivMethod.CF_RLS);
            case "cf-auto" -> b.setMethod(DfivMethod.CF_AUTO);
            case "dfiv-batch-refit" -> b.setMethod(DfivMethod.DFIV_BATCH_REFIT).optBackboneFirst(true);
            default -> b.setMethod(DfivMethod.DFIV_FULL).optStage1Iters(2).optCovariateIters(2);
        };
    }

    private static final ToDoubleFunction<DfivModel> METRIC = m -> m.stage2().get(0, 0);

    private static final class Crash extends RuntimeException {}

    @ParameterizedTest
    @ValueSource(strings = {"cf-prox-pooled-cosine", "cf-rls", "cf-auto", "dfiv-batch-refit", "dfiv-full"})
    void resumedRunEqualsUninterruptedRun(String variant, @TempDir Path dir) {
        DfivTrainer.Result full = DfivTrainer.train(DATA, config(variant).build(), METRIC);
        NpzCheckpointStore store = new NpzCheckpointStore(dir.resolve("c.npz"));
        TrainingListener crashAt2 = new TrainingListener() {
            @Override
            public void onEpoch(EpochMetrics m) {
                if (m.epoch() == 2) {
                    throw new Crash();
                }
            }
        };
        assertThrows(Crash.class, () -> DfivTrainer.train(DATA, config(variant).build(), METRIC, crashAt2, store));
        assertEquals(2, store.load().orElseThrow().epochsDone());
        int[] from = new int[1];
        DfivTrainer.Result resumed = DfivTrainer.train(DATA, config(variant).build(), METRIC, new TrainingListener() {
            @Override
            public void onStart(int firstEpoch, int epochs, int stepsPerEpoch) {
                from[0] = firstEpoch;
            }
        }, store);
        assertEquals(3, from[0], "must continue after the saved epoch");
        assertSame(full, resumed, variant);
    }

    @ParameterizedTest
    @ValueSource(strings = {"cf-rls", "dfiv-batch-refit"})
    void aFinishedRunResumedWithMoreEpochsEqualsTheLongerRun(String variant, @TempDir Path dir) {
        DfivTrainer.Result longer = DfivTrainer.train(DATA, config(variant).optEpochs(5).build(), METRIC);
        NpzCheckpointStore store = new NpzCheckpointStore(dir.resolve("c.npz"));
        DfivTrainer.train(DATA, config(variant).optEpochs(3).build(), METRIC, TrainingListener.NONE, store).model().close();
        DfivTrainer.Result extended = DfivTrainer.train(DATA, config(variant).optEpochs(5).build(), METRIC, TrainingListener.NONE, store);
        assertSame(longer, extended, variant);
        // another configuration is refused, naming what differs
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DfivTrainer.train(DATA,
                config(variant).optEpochs(5).optRidge2(0.5).build(), METRIC, TrainingListener.NONE, store));
        assertEquals(true, e.getMessage().contains("ridge2=0.5"), e.getMessage());
    }

    private static void assertSame(DfivTrainer.Result a, DfivTrainer.Result b, String what) {
        try (DfivModel ma = a.model(); DfivModel mb = b.model()) {
            assertArrayEquals(ma.stage1().data(), mb.stage1().data(), what + ": stage 1");
            assertArrayEquals(ma.stage2().data(), mb.stage2().data(), what + ": stage 2");
            List<Double> la = a.curve().stream().map(EpochMetrics::trainLoss).toList();
            List<Double> lb = b.curve().stream().map(EpochMetrics::trainLoss).toList();
            assertEquals(la, lb, what + ": training losses");
            assertEquals(a.finalMetric(), b.finalMetric(), what + ": final metric");
        }
    }
}
