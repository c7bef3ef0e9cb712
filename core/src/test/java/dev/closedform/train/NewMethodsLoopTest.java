package dev.closedform.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.closedform.data.RegressionData;
import dev.closedform.head.DenseMatrix;
import dev.closedform.model.Activation;
import dev.closedform.model.LastLayerModel;
import dev.closedform.model.Mlp;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** cf-rls, slimtik and cf-auto through the loop: exactness, diagnostics, warnings, resume. */
class NewMethodsLoopTest {

    /**
     * On a fixed (identity) backbone, cf-rls after every epoch equals the weighted batch solve on all
     * batches seen so far: weight gamma^{t-k} on batch k's mean data term, normalised by the weights'
     * sum, plus beta ||W||^2 (batches in the loop's order, the last one of an epoch smaller).
     */
    @Test
    void cfRlsEqualsTheExponentiallyWeightedBatchSolveOnAllDataSeen() {
        int p = 4;
        int o = 2;
        int batch = 16;
        double memory = 5;
        double beta = 0.01;
        RegressionData train = Ref.linear(21, 100, p, o);
        TrainingConfig config = TrainingConfig.builder().setMethod("cf-rls").optEpochs(2).optBatchSize(batch)
                .optRidge(beta).optRlsMemory(memory).optSeed(4).build();
        RecordedCheckpoints recorder = new RecordedCheckpoints();
        try (LastLayerModel model = new LastLayerModel(Mlp.build(p, new int[0], Activation.RELU), o, true, 3)) {
            new TrainingLoop(config).optCheckpoints(recorder).fit(model, train, train, TestMetric.meanSquaredError());
        }
        double gamma = 1 - 1 / memory;
        double[][] x = Ref.rows(train.x(), train.rows(), p, true);
        double[][] y = Ref.rows(train.y(), train.rows(), o, false);
        List<int[]> batches = new ArrayList<>();
        for (int epoch = 1; epoch <= 2; epoch++) {
            int[] order = TrainingLoop.batchOrder(4, train.rows(), epoch);
            for (int from = 0; from < order.length; from += batch) {
                batches.add(java.util.Arrays.copyOfRange(order, from, Math.min(order.length, from + batch)));
            }
            double[][] expected = weightedSolve(x, y, batches, gamma, beta);
            DenseMatrix actual = DenseMatrix.of(o, p + 1, recorder.saved.get(epoch - 1).head());
            double rel = Ref.relDiff(actual, expected);
            assertTrue(rel < 1e-10, "epoch " + epoch + ": relative difference " + rel);
        }
        // the memory matters: the unweighted pooled solve is measurably different
        assertTrue(Ref.relDiff(DenseMatrix.of(o, p + 1, recorder.saved.get(1).head()), weightedSolve(x, y, batches, 1, beta)) > 1e-4);
    }

    /** The batches' rows as arrays, then the weighted pooled ridge of the reference. */
    private static double[][] weightedSolve(double[][] x, double[][] y, List<int[]> batches, double gamma, double beta) {
        double[][][] phis = new double[batches.size()][][];
        double[][][] ys = new double[batches.size()][][];
        for (int k = 0; k < batches.size(); k++) {
            int[] rows = batches.get(k);
            phis[k] = new double[rows.length][];
            ys[k] = new double[rows.length][];
            for (int i = 0; i < rows.length; i++) {
                phis[k][i] = x[rows[i]];
                ys[k][i] = y[rows[i]];
            }
        }
        return dev.closedform.head.Reference.pooledRidge(phis, ys, gamma, beta);
    }

    @Test
    void cfAutoAndSlimtikRecordTheirChoicesEveryEpoch() {
        RegressionData train = Ref.sines(5, 200, 2);
        for (String method : new String[] {"cf-auto", "slimtik"}) {
            TrainingConfig config = TrainingConfig.builder().setMethod(method).optEpochs(2).optBatchSize(32).optSeed(1).build();
            try (LastLayerModel m = new LastLayerModel(Mlp.build(2, new int[] {16}, Activation.TANH), 1, true, 1)) {
                List<EpochMetrics> epochs = new TrainingLoop(config).fit(m, train, train, TestMetric.meanSquaredError()).epochs();
                for (EpochMetrics e : epochs) {
                    List<String> expected = method.equals("cf-auto") ? List.of("lambda", "beta") : List.of("sum_lambda", "lambda");
                    assertEquals(expected, List.copyOf(e.diagnostics().keySet()), method + " epoch " + e.epoch());
                    e.diagnostics().values().forEach(v -> assertTrue(Double.isFinite(v), method + ": " + e.diagnostics()));
                }
            }
        }
    }

    /**
     * The rule on a stream of noisy batches around exact previous weights: GCV keeps them with the largest
     * penalty of the range, the epoch's record says so and one warning is raised (then cleared).
     */
    @Test
    void cfAutoWarnsWhenMostChoicesSitAtTheEndOfTheRange() {
        java.util.Random rnd = new java.util.Random(8);
        int n = 40;
        int d = 6;
        DenseMatrix w = DenseMatrix.zeros(1, d);
        for (int j = 0; j < d; j++) {
            w.set(0, j, rnd.nextGaussian());
        }
        AutoProxRule rule = new AutoProxRule();
        try (ai.djl.ndarray.NDManager manager = ai.djl.ndarray.NDManager.newBaseManager()) {
            for (int t = 0; t < 240; t++) {
                float[] phi = new float[n * d];
                float[] y = new float[n];
                for (int i = 0; i < n; i++) {
                    double v = rnd.nextGaussian();
                    for (int j = 0; j < d; j++) {
                        phi[i * d + j] = (float) rnd.nextGaussian();
                        v += w.get(0, j) * phi[i * d + j];
                    }
                    y[i] = (float) v;
                }
                rule.update(HeadBatch.of(manager.create(phi, new ai.djl.ndarray.types.Shape(n, d)),
                        manager.create(y, new ai.djl.ndarray.types.Shape(n, 1))), w);
            }
        }
        java.util.Map<String, Double> record = rule.epochDiagnostics();
        assertTrue(record.get("lambda") > 1e3, record.toString()); // the medians of lambda and beta (shares near 0 are hardly told apart)
        List<String> warnings = rule.warnings();
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith("cf-auto:") && warnings.get(0).contains("end of its candidate range"), warnings.get(0));
        assertTrue(rule.warnings().isEmpty(), "warnings are handed out once");
    }

    /**
     * Every cf-auto head is cf-prox's solve of the same batch at the chosen pair, at the loop's precision
     * (float32 chunks), bit for bit: selecting costs a GCV now and then, never a second kind of solve.
     */
    @Test
    void cfAutoHeadIsTheProximalSolveAtTheChosenPair() {
        java.util.Random rnd = new java.util.Random(9);
        int n = 48;
        int d = 7;
        int o = 2;
        AutoProxRule rule = new AutoProxRule();
        DenseMatrix previous = null;
        try (ai.djl.ndarray.NDManager manager = ai.djl.ndarray.NDManager.newBaseManager()) {
            for (int t = 0; t < 12; t++) {
                float[] phi = new float[n * d];
                float[] y = new float[n * o];
                for (int i = 0; i < phi.length; i++) {
                    phi[i] = (float) rnd.nextGaussian();
                }
                for (int i = 0; i < n; i++) {
                    for (int r = 0; r < o; r++) {
                        y[i * o + r] = (float) (phi[i * d + r] - 0.5 * phi[i * d + r + 2] + 0.3 * rnd.nextGaussian());
                    }
                }
                ai.djl.ndarray.NDArray f = manager.create(phi, new ai.djl.ndarray.types.Shape(n, d));
                ai.djl.ndarray.NDArray g = manager.create(y, new ai.djl.ndarray.types.Shape(n, o));
                DenseMatrix w = rule.update(new HeadBatch(List.of(f), List.of(g), true, dev.closedform.head.GramPrecision.FLOAT32_CHUNKS), previous);
                java.util.Map<String, Double> choice = rule.epochDiagnostics(); // one step per "epoch": the medians are the choice
                DenseMatrix expected = new HeadBatch(List.of(f), List.of(g), true, dev.closedform.head.GramPrecision.FLOAT32_CHUNKS)
                        .solve(previous == null ? 0 : choice.get("lambda"), previous == null ? dev.closedform.head.AutoProximal.INITIAL_RIDGE
                                : choice.get("beta"), previous);
                assertEquals(0, w.maxAbsDiff(expected), "step " + t);
                previous = w;
            }
        }
    }

    @Test
    void listenersChainedWithAndThenBothGetWarnings() {
        List<String> seen = new ArrayList<>();
        TrainingListener a = new TrainingListener() {
            @Override
            public void onWarning(String message) {
                seen.add("a:" + message);
            }
        };
        TrainingListener b = new TrainingListener() {
            @Override
            public void onWarning(String message) {
                seen.add("b:" + message);
            }
        };
        a.andThen(b).onWarning("x");
        assertEquals(List.of("a:x", "b:x"), seen);
    }

    /** Killed after epoch 1 and resumed: the rule's state comes back from the checkpoint, so the run equals an uninterrupted one. */
    @ParameterizedTest
    @ValueSource(strings = {"cf-rls", "slimtik", "cf-auto"})
    void resumedRunEqualsUninterruptedRun(String method, @TempDir Path dir) {
        RegressionData train = Ref.sines(6, 160, 2);
        TrainingConfig config = TrainingConfig.builder().setMethod(method).optEpochs(3).optBatchSize(32)
                .optSlimtikMemory(1).optRlsMemory(3).optSeed(2).build();
        RecordedCheckpoints straight = new RecordedCheckpoints();
        List<EpochMetrics> full;
        try (LastLayerModel m = new LastLayerModel(Mlp.build(2, new int[] {8}, Activation.TANH), 1, true, 2)) {
            full = new TrainingLoop(config).optCheckpoints(straight).fit(m, train, train, TestMetric.meanSquaredError()).epochs();
        }
        NpzCheckpointStore store = new NpzCheckpointStore(dir.resolve("checkpoint.npz"));
        try (LastLayerModel m = new LastLayerModel(Mlp.build(2, new int[] {8}, Activation.TANH), 1, true, 2)) {
            assertThrows(IllegalStateException.class, () -> new TrainingLoop(config).optCheckpoints(store).optListener(new TrainingListener() {
                @Override
                public void onEpoch(EpochMetrics metrics) {
                    throw new IllegalStateException("stop");
                }
            }).fit(m, train, train, TestMetric.meanSquaredError()));
        }
        assertTrue(store.load().orElseThrow().state().keySet().stream().anyMatch(k -> k.startsWith("rule.")), "the checkpoint holds the rule state");
        RecordedCheckpoints resumed = new RecordedCheckpoints();
        List<EpochMetrics> rest;
        try (LastLayerModel m = new LastLayerModel(Mlp.build(2, new int[] {8}, Activation.TANH), 1, true, 2)) {
            CheckpointStore both = new CheckpointStore() {
                @Override
                public void save(Checkpoint c) {
                    store.save(c);
                    resumed.save(c);
                }

                @Override
                public Optional<Checkpoint> load() {
                    return store.load();
                }
            };
            rest = new TrainingLoop(config).optCheckpoints(both).fit(m, train, train, TestMetric.meanSquaredError()).epochs();
        }
        for (int e = 0; e < full.size(); e++) {
            EpochMetrics a = full.get(e);
            EpochMetrics b = rest.get(e);
            assertEquals(a.trainLoss(), b.trainLoss(), 0.0, method + " epoch " + (e + 1));
            assertEquals(a.diagnostics(), b.diagnostics(), method + " epoch " + (e + 1));
        }
        double[] headA = straight.saved.get(2).head();
        double[] headB = resumed.saved.get(resumed.saved.size() - 1).head();
        assertEquals(0, DenseMatrix.of(1, headA.length, headA).maxAbsDiff(DenseMatrix.of(1, headB.length, headB)), 0.0, method);
    }

    @Test
    void rulesThatPenaliseEveryWeightRefuseAnUnpenalisedBias() {
        RegressionData train = Ref.sines(7, 64, 2);
        for (String method : new String[] {"cf-auto", "slimtik", "cf-rls"}) {
            TrainingConfig config = TrainingConfig.builder().setMethod(method).optEpochs(1).optRidgeOnBias(false).build();
            try (LastLayerModel m = new LastLayerModel(Mlp.build(2, new int[] {4}, Activation.TANH), 1, true, 1)) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> new TrainingLoop(config).fit(m, train, train, TestMetric.meanSquaredError()));
                assertTrue(e.getMessage().startsWith(method) && e.getMessage().contains("ridgeOnBias"), e.getMessage());
            }
        }
    }
}
