package dev.closedform.experiments.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.closedform.train.EpochMetrics;
import dev.closedform.train.TrainingResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirectoryTest {

    /** The method's diagnostics (cf-auto's lambda and beta) follow the extra test metrics as columns, empty where an epoch lacks one. */
    @Test
    void metricsCsvHasOneColumnPerDiagnostic(@TempDir Path dir) throws Exception {
        Map<String, Double> diagnostics = new LinkedHashMap<>(); // in the rule's order
        diagnostics.put("lambda", 3.0);
        diagnostics.put("beta", 0.0);
        List<EpochMetrics> epochs = List.of(
                new EpochMetrics(1, 10, 0.5, 0.6, 1.0, Map.of("test_sq_loss", 0.2), Map.of()),
                new EpochMetrics(2, 20, 0.25, 0.3, 2.0, Map.of("test_sq_loss", 0.1), diagnostics));
        RunDirectory run = new RunDirectory(dir);
        run.writeMetrics(new TrainingResult("cf-auto", "test_acc", epochs, 7));
        List<String> lines = Files.readAllLines(dir.resolve(RunDirectory.METRICS_CSV));
        assertEquals("epoch,steps,train_loss,test_acc,wall_seconds,test_sq_loss,lambda,beta", lines.get(0));
        assertEquals("1,10,0.5000000000,0.6000000000,1.000000,0.2000000000,,", lines.get(1));
        assertEquals("2,20,0.2500000000,0.3000000000,2.000000,0.1000000000,3.000000000,0.000000000", lines.get(2));
    }
}
