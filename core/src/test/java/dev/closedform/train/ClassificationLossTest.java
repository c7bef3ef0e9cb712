package dev.closedform.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.closedform.data.RegressionData;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClassificationLossTest {

    @Test
    void crossEntropyMatchesAHandComputation() {
        float[] logits = {1, 2, 3, 0, 0, 0};
        float[] targets = {0, 0, 1, 5, 0, 0}; // second row scaled by M = 5: normalised away
        double z = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
        double expected = ((z - 3) + Math.log(3)) / 2;
        assertEquals(expected, Losses.crossEntropy(logits, targets, 2), 1e-12);
        // huge logits do not overflow
        assertEquals(0, Losses.crossEntropy(new float[] {1000, 0}, new float[] {1, 0}, 1), 1e-12);
    }

    @Test
    void ceRuleTrainsOnCrossEntropyAndOthersOnSquaredError() {
        float[] logits = {1, 2, 3, 0.5f, -1, 0};
        float[] targets = {0, 0, 1, 1, 0, 0};
        LastLayerRule ce = Methods.rule(TrainingConfig.builder().setMethod("ce").build());
        LastLayerRule sgd = Methods.rule(TrainingConfig.builder().setMethod("sgd").build());
        assertTrue(ce.trainedByGradient());
        try (NDManager m = NDManager.newBaseManager()) {
            var p = m.create(logits, new Shape(2, 3));
            var y = m.create(targets, new Shape(2, 3));
            assertEquals(Losses.crossEntropy(logits, targets, 2), ce.lossSum(p, y).getFloat() / 2, 1e-5);
            assertEquals(Losses.meanSquaredError(logits, targets, 2), sgd.lossSum(p, y).getFloat() / 2, 1e-5);
        }
        assertEquals(Losses.crossEntropy(logits, targets, 2), ce.meanLoss(logits, targets, 2), 1e-12);
        assertTrue(Methods.NAMES.contains("ce"));
    }

    @Test
    void accuracyIsArgmaxAgreement() {
        float[] predictions = {0.1f, 0.9f, 0.0f, 0.7f, 0.2f, 0.1f, 0.3f, 0.3f, 0.4f};
        float[] targets = {0, 1, 0, 0, 0, 1, 0, 0, 2};
        assertEquals(2.0 / 3, Losses.accuracy(predictions, targets, 3), 1e-12);
        RegressionData test = new RegressionData(new float[3], targets, List.of("x"), List.of("a", "b", "c"));
        TestMetric acc = TestMetric.accuracy();
        assertEquals("test_accuracy", acc.name());
        assertTrue(acc.higherIsBetter());
        assertFalse(TestMetric.meanSquaredError().higherIsBetter());
        assertEquals(2.0 / 3, acc.compute(predictions, test), 1e-12);
    }
}
