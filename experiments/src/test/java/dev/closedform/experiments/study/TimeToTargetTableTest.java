package dev.closedform.experiments.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hand-made curves whose times to the target and to their own final error are known. */
class TimeToTargetTableTest {

    @TempDir
    Path tmp;

    /** A finished run whose epoch e (1-based) took 10 s and 50 steps each and ended with errors[e - 1]. */
    private void run(Path folder, String name, String method, String status, double... errors) throws IOException {
        Path dir = Files.createDirectories(folder.resolve("runs").resolve(name));
        Files.writeString(dir.resolve("run.json"), "{\"method\":\"" + method + "\",\"status\":\"" + status + "\"}");
        StringBuilder csv = new StringBuilder("epoch,steps,train_loss,test_rel_l2,wall_seconds\n");
        for (int e = 1; e <= errors.length; e++) {
            csv.append(e).append(',').append(50 * e).append(",1,").append(errors[e - 1]).append(',').append(10.0 * e).append('\n');
        }
        Files.writeString(dir.resolve("metrics.csv"), csv);
    }

    @Test
    void theTargetIsTheReferenceMediansFinalAndAMissCountsAsInfinitelySlow() throws IOException {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        run(a, "adam-seed1", "adam", "finished", 0.05, 0.010);
        run(a, "adam-seed2", "adam", "finished", 0.05, 0.008);
        run(a, "adam-seed3", "adam", "finished", 0.05, 0.012); // median final 0.010: the target
        run(a, "cf-seed1", "cf-prox@adam", "finished", 0.05, 0.03, 0.010, 0.009); // target at epoch 3
        run(a, "cf-seed2", "cf-prox@adam", "finished", 0.05, 0.009, 0.009, 0.009); // at epoch 2
        run(a, "cf-seed3", "cf-prox@adam", "finished", 0.05, 0.03, 0.02, 0.02); // never
        run(a, "cf-seed4", "cf-prox@adam", "running", 0.001); // not finished: left out
        run(b, "cf-seed1", "cf-prox@adam", "finished", 0.02, 0.02, 0.005); // same label, other folder
        Map<String, TimeToTargetTable.Row> rows = TimeToTargetTable.of(List.of(a, b), "adam").stream()
                .collect(Collectors.toMap(TimeToTargetTable.Row::method, Function.identity()));

        assertEquals(List.of("adam", "cf-prox@adam [a]", "cf-prox@adam [b]"), rows.keySet().stream().sorted().toList());
        TimeToTargetTable.Row cf = rows.get("cf-prox@adam [a]");
        assertEquals(3, cf.runs());
        assertEquals(2, cf.reached());
        assertEquals(30, cf.secondsToTarget(), 0, "median of 20, 30 and never");
        assertEquals(150, cf.stepsToTarget(), 0);
        assertEquals(0.009, cf.finalError().median(), 1e-15);
        // own finals 0.009, 0.009, 0.02: within 1.1x at epochs 3, 2 and 3
        assertEquals(30, cf.secondsToOwn(), 0);
        assertEquals(200, cf.msPerStep(), 1e-9, "40 s over 200 steps");
        TimeToTargetTable.Row adam = rows.get("adam");
        assertEquals(2, adam.reached(), "seeds 1 and 2 at their last epoch, seed 3 never: 0.012 > 0.010");
    }

    @Test
    void aMajorityOfMissesMakesTheMedianNeverAndAnUnknownReferenceIsNamed() throws IOException {
        Path a = tmp.resolve("a");
        run(a, "adam-seed1", "adam", "finished", 0.01);
        run(a, "sgd-seed1", "sgd", "finished", 0.05, 0.02);
        run(a, "sgd-seed2", "sgd", "finished", 0.05, 0.009);
        run(a, "sgd-seed3", "sgd", "finished", 0.05, 0.03);
        TimeToTargetTable.Row sgd = TimeToTargetTable.of(List.of(a), "adam").stream()
                .filter(r -> r.method().equals("sgd")).findFirst().orElseThrow();
        assertEquals(Double.POSITIVE_INFINITY, sgd.secondsToTarget());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TimeToTargetTable.of(List.of(a), "ce"));
        assertEquals(true, e.getMessage().contains("no finished run of ce"), e.getMessage());
    }
}
