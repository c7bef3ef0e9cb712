package dev.closedform.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.closedform.data.RegressionData;
import dev.closedform.head.NotPositiveDefiniteException;
import dev.closedform.model.Activation;
import dev.closedform.model.LastLayerModel;
import dev.closedform.model.Mlp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A diverging run is reported as divergence where it shows first (non-finite features before a
 * solve, a non-finite loss), and a singular system that is not divergence names the options that
 * regularise it.
 */
class DivergenceTest {

    private static final RegressionData TRAIN = Ref.sines(7, 256, 2);

    private static void fit(TrainingConfig config, int hidden, Activation activation) {
        try (LastLayerModel m = new LastLayerModel(Mlp.build(2, new int[] {hidden, hidden}, activation), 1, true, 1)) {
            new TrainingLoop(config).fit(m, TRAIN, TRAIN, TestMetric.meanSquaredError());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cf-prox", "cf-ridge", "ema", "cf-full", "sgd", "adam"})
    void aHugeLearningRateIsReportedAsDivergence(String method) {
        TrainingConfig config = TrainingConfig.builder().setMethod(method).optEpochs(3).optBatchSize(32)
                .optLearningRate(1e6).optSeed(1).build();
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> fit(config, 64, Activation.RELU));
        String m = e.getMessage();
        assertTrue(m.matches("diverged at epoch \\d+, step \\d+: .*: lower the learning rate( or start from the proximal initial head)?"), m);
        // only cf-prox reads the initial head, and only its first epoch is thrown off by it
        assertEquals(method.equals("cf-prox") && m.startsWith("diverged at epoch 1,"), m.endsWith("or start from the proximal initial head"), m);
        assertFalse(m.contains("positive definite"), m);
    }

    // tanh below: no dead units, so the features have full rank wherever the batch allows it
    @Test
    void aSingularInitialSolveNamesRidgeAndProx() {
        // 16 rows per batch, 65 features: rank-deficient, singular without a ridge; a lambda > 0 would make W_0 well posed
        TrainingConfig config = TrainingConfig.builder().setMethod("cf-prox").optEpochs(1).optBatchSize(16)
                .optLearningRate(1e-3).optRidge(0).optProx(0).optSeed(1).build();
        NotPositiveDefiniteException e = assertThrows(NotPositiveDefiniteException.class, () -> fit(config, 64, Activation.TANH));
        String m = e.getMessage();
        assertTrue(m.contains("at the initial solve") && m.contains("singular for ridge (beta) = 0.0")
                && m.endsWith("raise ridge (beta) or prox (lambda)"), m);
    }

    @Test
    void aSingularProximalSolveNamesRidgeAndProx() {
        // 33 features (with the bias): the 40-row batches are full rank, the epoch's last one (16 rows) is not
        TrainingConfig config = TrainingConfig.builder().setMethod("cf-prox").optEpochs(1).optBatchSize(40)
                .optLearningRate(1e-3).optRidge(0).optProx(0).optSeed(1).build();
        NotPositiveDefiniteException e = assertThrows(NotPositiveDefiniteException.class, () -> fit(config, 32, Activation.TANH));
        String m = e.getMessage();
        assertTrue(m.contains("at epoch 1, step 7") && m.contains("ridge (beta) = 0.0 and prox (lambda) = 0.0")
                && m.endsWith("raise ridge (beta) or prox (lambda)"), m);
    }
}
