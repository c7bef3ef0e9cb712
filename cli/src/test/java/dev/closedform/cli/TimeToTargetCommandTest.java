package dev.closedform.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.closedform.experiments.run.RunDirectory;
import dev.closedform.train.EpochMetrics;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code time-to-target} reads the folders {@code compare} wrote; a folder that is not one is named. */
class TimeToTargetCommandTest {

    @TempDir
    Path tmp;

    @Test
    void theTableOfACompareFolderNamesTheTargetAndEveryMethod() {
        Path out = tmp.resolve("cmp");
        Cli.Result cmp = Cli.run("compare", "--methods", "sgd,cf-prox", "--train-rows", "128", "--test-rows", "64",
                "--hidden", "8", "--epochs", "3", "--seeds", "2", "--quiet", "--out", out.toString());
        assertEquals(0, cmp.exitCode(), cmp.transcript());
        Cli.Result r = Cli.run("time-to-target", "--reference", "sgd", out.toString());
        assertEquals(0, r.exitCode(), r.transcript());
        List<EpochMetrics> sgd1 = RunDirectory.readMetrics(out.resolve("runs/sgd-seed1/metrics.csv"));
        List<EpochMetrics> sgd2 = RunDirectory.readMetrics(out.resolve("runs/sgd-seed2/metrics.csv"));
        double median = (sgd1.get(2).testMetric() + sgd2.get(2).testMetric()) / 2;
        assertTrue(r.out().contains("target: sgd's median final error"), r.transcript());
        assertTrue(r.out().contains("| sgd | 2 |") && r.out().contains("| cf-prox | 2 |"), r.transcript());
        // with two seeds the target lies between their finals: exactly one sgd seed reaches it
        assertTrue(sgd1.get(2).testMetric() == sgd2.get(2).testMetric() || r.out().contains("| 1/2 |"), median + "\n" + r.transcript());
    }

    @Test
    void aFolderWithoutRunsIsNamedWithExitCode2() {
        Cli.Result r = Cli.run("time-to-target", "--reference", "adam", tmp.toString());
        assertEquals(2, r.exitCode(), r.transcript());
        assertTrue(r.err().contains(tmp + ": not a comparison folder"), r.transcript());
        assertEquals(1, r.err().strip().lines().count(), r.transcript());
    }
}
