package dev.closedform.experiments.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.closedform.experiments.model.ModelSpec;
import dev.closedform.experiments.run.RunDirectory;
import dev.closedform.experiments.run.RunOutcome;
import dev.closedform.experiments.run.Runner;
import dev.closedform.experiments.task.PreparedData;
import dev.closedform.experiments.task.RegressionTask;
import dev.closedform.experiments.task.TaskOptions;
import dev.closedform.experiments.task.Tasks;
import dev.closedform.train.TrainingConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The diagnosis reads a saved model back exactly and its refit is the exact ridge solve of the training loop. */
class HeadDiagnosisTest {

    @TempDir
    Path tmp;

    @Test
    void aModelWhoseHeadIsAlreadyTheExactRefitDiagnosesAsItsOwnRefit() throws Exception {
        RegressionTask task = Tasks.get("friedman").create(TaskOptions.builder().optTrainRows(200).optTestRows(80).build());
        ModelSpec linear = ModelSpec.builder().optHidden("none").build();
        // cf-full on a linear model is exact ridge regression on all training rows
        TrainingConfig config = TrainingConfig.builder().setMethod("cf-full").optEpochs(1).optRidge(1e-3).build();
        RunOutcome run = Runner.builder().setTask(task).setModel(linear).setConfig(config).build().run(tmp.resolve("run"));
        PreparedData data = task.prepare(config.seed());
        HeadDiagnosis d = HeadDiagnosis.of(data, linear, tmp.resolve("run").resolve(RunDirectory.MODEL_NPZ), null, 32, 1e-3, 1);
        assertEquals(run.result().finalTrainLoss(), d.trainLoss(), 1e-5 * run.result().finalTrainLoss(), "the saved head, read back");
        assertEquals(run.result().finalTestMetric(), d.refitTestMetric(), 1e-5 * run.result().finalTestMetric(), "refit = the exact solve");
        assertEquals(d.headNorm(), d.refitHeadNorm(), 1e-5 * d.headNorm());
        assertEquals(0, d.gradientNorm(), 0, "a linear model has no backbone parameters");
        // another ridge gives another refit
        HeadDiagnosis strong = HeadDiagnosis.of(data, linear, tmp.resolve("run").resolve(RunDirectory.MODEL_NPZ), null, 32, 10, 1);
        assertTrue(strong.refitHeadNorm() < 0.9 * d.refitHeadNorm(), strong + " vs " + d);
    }
}
