package dev.closedform.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.closedform.data.RegressionData;
import dev.closedform.head.DenseMatrix;
import dev.closedform.model.Activation;
import dev.closedform.model.LastLayerModel;
import dev.closedform.model.Mlp;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Shards, per-method smoke tests, proximal limits and memory hygiene of the loop. */
class LoopBehaviourTest {

    private static final int P = 2;
    private static final RegressionData TRAIN = Ref.sines(51, 256, P);

    private static LastLayerModel model(long seed) {
        return new LastLayerModel(Mlp.build(P, new int[] {16}, Activation.TANH), 1, true, seed);
    }

    private static List<EpochMetrics> fit(TrainingConfig config, LastLayerModel m) {
        return new TrainingLoop(config).fit(m, TRAIN, TRAIN, TestMetric.meanSquaredError()).epochs();
    }

    /** A step is a sum over its shards: shardRows = 8 and 0 give the same run up to rounding. */
    @ParameterizedTest
    @ValueSource(strings = {"sgd", "cf-prox", "cf-full"})
    void shardingDoesNotChangeTheRun(String method) {
        TrainingConfig whole = TrainingConfig.builder().setMethod(method).optEpochs(2).optBatchSize(32)
                .optLearningRate(0.05).optRidge(1e-3).optProx(0.5).optSeed(3).build();
        TrainingConfig sharded = whole.toBuilder().optShardRows(8).build();
        List<EpochMetrics> a;
        List<EpochMetrics> b;
        DenseMatrix headA;
        DenseMatrix headB;
        try (LastLayerModel m = model(3)) {
            a = fit(whole, m);
            headA = m.head();
        }
        try (LastLayerModel m = model(3)) {
            b = fit(sharded, m);
            headB = m.head();
        }
        for (int e = 0; e < a.size(); e++) {
            assertEquals(a.get(e).steps(), b.get(e).steps());
            assertEquals(a.get(e).trainLoss(), b.get(e).trainLoss(), 1e-4 * a.get(e).trainLoss(), "epoch " + (e + 1));
            assertEquals(a.get(e).testMetric(), b.get(e).testMetric(), 1e-4 * a.get(e).testMetric());
        }
        assertTrue(Ref.relDiff(headB, headA) < 1e-4, "heads differ by " + Ref.relDiff(headB, headA));
    }

    /** Every method moves W and theta so that the training loss drops below its epoch-1 value. */
    @Test
    void everyMethodReducesTheTrainingLoss() {
        for (String method : Methods.NAMES) {
            if (method.equals("ce") || method.equals("cf-newton")) {
                continue; // classification only: ClassificationLossTest, ConvNetsTest, NewMethodsSmokeTest
            }
            double lr = switch (method) {
                case "adam" -> 1e-2;
                case "cf-full" -> 0.5;
                default -> 0.05;
            };
            TrainingConfig config = TrainingConfig.builder().setMethod(method).optEpochs(10).optBatchSize(64)
                    .optLearningRate(lr).optRidge(1e-4).optProx(0.1).optEmaRate(0.3).optSeed(2).build();
            // few features, so the random initial features fit badly and the backbone has to learn
            try (LastLayerModel m = new LastLayerModel(Mlp.build(P, new int[] {4}, Activation.TANH), 1, true, 2)) {
                List<EpochMetrics> ms = fit(config, m);
                double first = ms.get(0).trainLoss();
                double last = ms.get(ms.size() - 1).trainLoss();
                assertTrue(last < 0.9 * first, method + ": train loss " + first + " -> " + last);
            }
        }
    }

    /** ce needs at least two classes: a single output has a constant softmax. */
    @Test
    void crossEntropyRefusesASingleOutput() {
        TrainingConfig config = TrainingConfig.builder().setMethod("ce").optEpochs(1).build();
        try (LastLayerModel m = model(1)) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> fit(config, m));
            assertTrue(e.getMessage().contains("ce") && e.getMessage().contains("2"), e.getMessage());
        }
    }

    /** Captures W_0 (head after initialisation, seen at onStart) and the head after epoch 1. */
    private static DenseMatrix[] headBeforeAndAfterOneEpoch(TrainingConfig config) {
        DenseMatrix[] out = new DenseMatrix[2];
        try (LastLayerModel m = model(8)) {
            new TrainingLoop(config).optListener(new TrainingListener() {
                @Override
                public void onStart(int firstEpoch, int epochs, int stepsPerEpoch) {
                    out[0] = m.head();
                }

                @Override
                public void onEpoch(EpochMetrics metrics) {
                    out[1] = m.head();
                }
            }).fit(m, TRAIN, TRAIN, TestMetric.meanSquaredError());
        }
        assertNotNull(out[0]);
        return out;
    }

    @Test
    void hugeProximalCoefficientPinsTheHeadAndZeroLetsItMove() {
        TrainingConfig base = TrainingConfig.builder().setMethod("cf-prox").optEpochs(1).optBatchSize(32)
                .optLearningRate(0.05).optRidge(1e-3).optSeed(8).build();
        DenseMatrix[] pinned = headBeforeAndAfterOneEpoch(base.toBuilder().optProx(1e8).build());
        double pinnedChange = Ref.relDiff(pinned[1], pinned[0]);
        assertTrue(Ref.max(pinned[0]) > 0.1, "W_0 is the first-batch ridge solve, not zero");
        assertTrue(pinnedChange < 1e-3, "lambda = 1e8 moved W by " + pinnedChange);

        for (TrainingConfig free : List.of(base.toBuilder().optProx(0).build(),
                base.toBuilder().setMethod("cf-ridge").build())) {
            DenseMatrix[] moved = headBeforeAndAfterOneEpoch(free);
            double change = Ref.relDiff(moved[1], moved[0]);
            assertTrue(change > 0.05, free.method() + " lambda=" + free.prox() + " moved W by only " + change);
        }
    }

    /** Per-step temporaries live in a scope; nothing accumulates in the model's long-lived manager. */
    @ParameterizedTest
    @ValueSource(strings = {"cf-prox", "adam"})
    void noPerStepArraysLeakIntoTheModelManager(String method) {
        TrainingConfig config = TrainingConfig.builder().setMethod(method).optEpochs(10).optBatchSize(8)
                .optLearningRate(0.01).optSeed(4).build();
        RegressionData small = TRAIN.subset(range(240));
        List<Integer> counts = new ArrayList<>();
        try (LastLayerModel m = model(4)) {
            int before = m.manager().getManagedArrays().size();
            long[] steps = new long[1];
            new TrainingLoop(config).optListener(new TrainingListener() {
                @Override
                public void onStep(int epoch, int stepInEpoch) {
                    steps[0]++;
                    if (steps[0] == 3 || steps[0] % 50 == 0) {
                        counts.add(m.manager().getManagedArrays().size());
                    }
                }
            }).fit(m, small, small, TestMetric.meanSquaredError());
            assertEquals(300, steps[0]);
            int after = m.manager().getManagedArrays().size();
            for (int c : counts) {
                assertEquals(counts.get(0), c, "managed arrays over the run: " + counts);
            }
            // what remains after the fit: at most the optimiser state and gradient buffers, bounded by parameters
            int parameters = m.backboneParameters().size() + 1;
            assertTrue(after - before <= 3 * parameters, "fit left " + (after - before) + " arrays behind: " + before
                    + " -> " + after + ", during " + counts);
        }
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }
}
