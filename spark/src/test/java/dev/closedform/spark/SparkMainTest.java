package dev.closedform.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.closedform.experiments.task.PreparedData;
import dev.closedform.experiments.task.TaskOptions;
import dev.closedform.experiments.task.Tasks;
import dev.closedform.train.InitialHead;
import dev.closedform.train.TrainingConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The spark-submit entry trains what {@code closedform train} would: the registry's task, its training defaults, the CLI's model. */
class SparkMainTest {

    @Test
    void aFriedmanCommandLinePlansTheRunTrainWouldMake() {
        SparkMain.Plan plan = SparkMain.plan(Map.of("task", "friedman", "n-train", "64", "n-test", "32", "method", "cf-prox"));
        assertEquals(TrainingConfig.builder(Tasks.get("friedman").training()).setMethod("cf-prox").optSeed(1).build(), plan.config());
        PreparedData expected = Tasks.get("friedman").create(TaskOptions.builder().optTrainRows(64).optTestRows(32).build()).prepare(1);
        assertArrayEquals(expected.train().x(), plan.data().train().x());
        assertArrayEquals(expected.test().y(), plan.data().test().y());
        assertEquals(256, plan.backbone().create().featureDim(), "the command line's MLP, 256,256");
    }

    @Test
    void anOperatorTaskTakesItsOwnBatchAndStep() {
        TrainingConfig config = SparkMain.config(Map.of(), Tasks.get("burgers"));
        assertEquals(TrainingConfig.builder(Tasks.get("burgers").training()).setMethod("cf-prox").optSeed(1).build(), config);
        assertEquals(20, config.batchSize());
        TrainingConfig given = SparkMain.config(Map.of("batch", "8", "lr", "0.05", "epochs", "3"), Tasks.get("burgers"));
        assertEquals(8, given.batchSize());
        assertEquals(0.05, given.learningRate());
        assertEquals(3, given.epochs());
    }

    @Test
    void theInitialHeadIsAnOption() {
        assertEquals(InitialHead.PROXIMAL, SparkMain.config(Map.of("initial-head", "proximal"), Tasks.get("burgers")).initialHead());
        assertEquals(InitialHead.RIDGE, SparkMain.config(Map.of(), Tasks.get("burgers")).initialHead());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SparkMain.config(Map.of("initial-head", "zero"), Tasks.get("burgers")));
        assertEquals("--initial-head: unknown initial head 'zero'; expected one of ridge, proximal", e.getMessage());
    }

    @Test
    void anOperatorTaskBringsItsFno() {
        SparkMain.Plan plan = SparkMain.plan(Map.of("task", "heat1d", "n-train", "4", "n-test", "2", "grid", "64"));
        assertEquals(4, plan.data().train().rows());
        assertEquals(64, plan.data().train().inputDim());
        assertEquals(128, plan.backbone().create().featureDim(), "the FNO's projection width");
    }

    @Test
    void anOptionOfAnotherKindOfTaskIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SparkMain.plan(Map.of("task", "friedman", "grid", "64")));
        assertTrue(e.getMessage().startsWith("--grid does not apply"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SparkMain.plan(Map.of("task", "burgers", "hidden", "8")));
        assertTrue(e.getMessage().startsWith("--hidden does not apply"), e.getMessage());
    }
}
