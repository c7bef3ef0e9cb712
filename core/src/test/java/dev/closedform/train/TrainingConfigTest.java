package dev.closedform.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Invalid options fail at construction with a message that names the field and the value. */
class TrainingConfigTest {

    private static TrainingConfig.Builder valid() {
        return TrainingConfig.builder().setMethod("cf-prox");
    }

    private static void rejects(UnaryOperator<TrainingConfig.Builder> change, String field, String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> change.apply(valid()).build());
        assertTrue(e.getMessage().contains(field), "message should name " + field + ": " + e.getMessage());
        assertTrue(e.getMessage().contains(value), "message should give the value " + value + ": " + e.getMessage());
    }

    @Test
    void rejectsInvalidFieldsNamingThem() {
        rejects(b -> b.optProx(-0.5), "prox", "-0.5");
        rejects(b -> b.optBatchSize(0), "batchSize", "got 0");
        rejects(b -> b.optEpochs(0), "epochs", "got 0");
        rejects(b -> b.setMethod("bogus"), "method", "'bogus'");
        rejects(b -> b.optRidge(-1), "ridge", "-1.0");
        rejects(b -> b.optProx(Double.NaN), "prox", "NaN");
        rejects(b -> b.optLearningRate(0), "learningRate", "0.0");
        rejects(b -> b.optShardRows(-3), "shardRows", "-3");
        rejects(b -> b.optEmaRate(1.5), "emaRate", "1.5");
        rejects(b -> b.optMomentum(1.0), "momentum", "1.0");
        rejects(b -> b.optRlsMemory(0.5), "rlsMemory", "0.5");
        rejects(b -> b.optRlsMemory(Double.POSITIVE_INFINITY), "rlsMemory", "Infinity");
        rejects(b -> b.optSlimtikMemory(-1), "slimtikMemory", "-1");
    }

    @Test
    void unknownMethodListsTheValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingConfig.builder().setMethod("cf-magic").build());
        for (String name : Methods.NAMES) {
            assertTrue(e.getMessage().contains(name), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> TrainingConfig.builder().build(), "method is required");
    }

    @Test
    void defaultsAndNormalisation() {
        TrainingConfig adam = TrainingConfig.builder().setMethod(" ADAM ").build();
        assertEquals("adam", adam.method().label());
        assertEquals(OptimizerKind.ADAM, adam.optimizer());
        assertEquals(1e-3, adam.learningRate());
        TrainingConfig prox = valid().build();
        assertEquals(OptimizerKind.SGD, prox.optimizer());
        assertEquals(1e-2, prox.learningRate());
        assertEquals(prox, prox.toBuilder().build(), "toBuilder round-trips");
        TrainingConfig tuned = prox.toBuilder().optRlsMemory(4).optSlimtikMemory(2).build();
        assertEquals(tuned, tuned.toBuilder().build(), "toBuilder keeps the method parameters");
        assertEquals(TrainingConfig.DEFAULT_RLS_MEMORY, prox.rlsMemory());
        assertEquals(0, prox.slimtikMemory());
        TrainingConfig fromZero = prox.toBuilder().optInitialHead(InitialHead.PROXIMAL).build();
        assertEquals(fromZero, fromZero.toBuilder().build(), "toBuilder keeps the initial head");
        assertEquals(fromZero, fromZero.toBuilder().copy().build(), "so does copy");
    }

    /** Checkpoints written before the initial head was a choice have keys without it, and began from the ridge solve. */
    @Test
    void theRidgeInitialHeadLeavesTheResumeKeyAsBefore() {
        TrainingConfig ridge = valid().build();
        TrainingConfig fromZero = ridge.toBuilder().optInitialHead(InitialHead.PROXIMAL).build();
        assertEquals(InitialHead.RIDGE, ridge.initialHead());
        assertTrue(!ridge.resumeKey().contains("initialHead") && ridge.resumeKey().endsWith("slimtikMemory=0]"), ridge.resumeKey());
        assertTrue(fromZero.resumeKey().endsWith("slimtikMemory=0, initialHead=proximal]"), fromZero.resumeKey());
        assertEquals(InitialHead.PROXIMAL, InitialHead.parse(" Proximal "));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> InitialHead.parse("zero")).getMessage()
                .contains("unknown initial head 'zero'; expected one of ridge, proximal"));
    }
}
