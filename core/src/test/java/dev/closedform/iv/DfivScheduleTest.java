package dev.closedform.iv;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A decaying learning-rate schedule scales BatchNorm's running-statistics update with the optimiser's step: two
 * identical runs take the same step, one at multiplier 1 and one at 0.25, and the second's statistics must have moved
 * exactly a quarter of the way the first's did (momentum 0.1 becomes 0.025).
 */
class DfivScheduleTest {

    private static final int ROWS = 120;
    private static final double SCALE = 0.25;

    private static DfivTrainer.Run run(NDManager manager) {
        IvData data = IvTestData.generate(ROWS, 17);
        DfivConfig config = DfivTrainingTest.small(DfivMethod.CF_PROX).optBatchSize(ROWS / 2).optCosineLr(true).build();
        int[][] split = DfivTrainer.split(data.rows(), true, config.seed());
        return new DfivTrainer.Run(manager, data.subset(split[0]), data.subset(split[1]), data, config);
    }

    private static float[] flatten(List<NDArray> statistics) {
        int n = statistics.stream().mapToInt(a -> (int) a.size()).sum();
        float[] out = new float[n];
        int k = 0;
        for (NDArray a : statistics) {
            for (float v : a.toFloatArray()) {
                out[k++] = v;
            }
        }
        return out;
    }

    private static void assertUpdateScaled(java.util.function.Function<DfivTrainer.Run, FeatureNet> net,
                                           Consumer<DfivTrainer.Run> step) {
        try (NDManager full = NDManager.newBaseManager(); NDManager scaled = NDManager.newBaseManager()) {
            DfivTrainer.Run a = run(full);
            DfivTrainer.Run b = run(scaled);
            a.beginBatchPair();
            b.beginBatchPair();
            float[] before = flatten(net.apply(a).runningStatistics());
            float[] beforeB = flatten(net.apply(b).runningStatistics());
            assertTrue(before.length >= 2, "the net has BatchNorm");
            a.lrScale = 1;
            b.lrScale = SCALE;
            step.accept(a);
            step.accept(b);
            float[] afterFull = flatten(net.apply(a).runningStatistics());
            float[] afterScaled = flatten(net.apply(b).runningStatistics());
            double moved = 0;
            for (int i = 0; i < before.length; i++) {
                assertTrue(before[i] == beforeB[i], "identical runs start identically");
                double expected = before[i] + SCALE * (afterFull[i] - before[i]);
                moved = Math.max(moved, Math.abs(afterFull[i] - before[i]));
                assertTrue(Math.abs(afterScaled[i] - expected) <= 1e-6 * (1 + Math.abs(expected)),
                        "statistic " + i + ": " + afterScaled[i] + ", expected " + expected + " (before " + before[i]
                                + ", full update to " + afterFull[i] + ")");
            }
            assertTrue(moved > 1e-3, "the full-rate step must move the running statistics, moved " + moved);
        }
    }

    @Test
    void instrumentStepScalesItsBatchNormUpdateWithTheSchedule() {
        assertUpdateScaled(r -> r.instrument, r -> r.stage1Step(DfivTrainer.Run.identity(r.d1.rows())));
    }

    @Test
    void covariateStepScalesItsBatchNormUpdateWithTheSchedule() {
        assertUpdateScaled(r -> r.covariate, r -> r.stage2Step(DfivTrainer.Run.identity(r.d1.rows()),
                DfivTrainer.Run.identity(r.d2.rows()), false, true, true));
    }
}
