package dev.closedform.experiments.reproduce;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.closedform.testing.TemporaryCache;
import dev.closedform.experiments.run.RunDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Killed in the middle of a run, then resumed: the finished runs are not trained again (their files are
 * untouched), the interrupted one continues from its checkpoint, and the report equals that of an
 * uninterrupted reproduction apart from its timings (and the folder's name).
 */
@ExtendWith(TemporaryCache.class)
class ReproduceResumeTest {

    /** A sweep with several runs, DFIV with runs read off others, and a theory computation. */
    static final List<String> ONLY = List.of("burgers", "demand", "one-step");

    @TempDir
    Path tmp;

    static final class Killed extends RuntimeException {
        Killed() {
            super("killed");
        }
    }

    /** Lets {@code k} runs finish, then kills the next one {@code steps} steps in (the second epoch of a Burgers smoke run). */
    static final class Kill implements SuiteProgress {
        final int k;
        final int steps;
        final List<String> finished = new ArrayList<>();
        int after;

        Kill(int k, int steps) {
            this.k = k;
            this.steps = steps;
        }

        @Override
        public void started(double estimatedSeconds) {}

        @Override
        public void advanced(double estimatedSeconds, String label) {
            if (finished.size() >= k && ++after >= steps) {
                throw new Killed();
            }
        }

        @Override
        public void runFinished(String experiment, String run) {
            finished.add(experiment + "/" + run);
        }
    }

    private ReproduceSuite suite(Path out, boolean resume) {
        return ReproduceSuite.builder().setScale(Scale.SMOKE).setOut(out).optOnly(ONLY).optSeeds(1).optResume(resume).optThreads(1).build();
    }

    private static String masked(ReproduceSuite s, ReproduceSuite.Result r) {
        return ReproduceReport.document(s.settings(), r.reports(), s.command()).markdown(false);
    }

    @Test
    void killedMidRunAndResumedReportsAsAnUninterruptedReproduction() throws Exception {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        ReproduceSuite whole = suite(a, false);
        ReproduceSuite.Result uninterrupted = whole.run(SuiteProgress.NONE);

        Kill kill = new Kill(3, 6);
        assertThrows(Killed.class, () -> suite(b, false).run(kill));
        assertEquals(List.of("burgers/sgd-seed1", "burgers/adam-seed1", "burgers/cf-prox-seed1"), kill.finished);
        Path runs = b.resolve("burgers/main/runs");
        Map<Path, byte[]> before = new LinkedHashMap<>();
        for (String r : kill.finished) {
            Path dir = runs.resolve(r.substring("burgers/".length()));
            for (String f : List.of(RunDirectory.RUN_JSON, RunDirectory.METRICS_CSV, RunDirectory.CHECKPOINT)) {
                before.put(dir.resolve(f), Files.readAllBytes(dir.resolve(f)));
            }
        }
        Path cut = runs.resolve("cf-prox-adam-seed1");
        String firstEpoch = Files.readAllLines(cut.resolve(RunDirectory.METRICS_CSV)).get(1);
        assertTrue(Files.isRegularFile(cut.resolve(RunDirectory.CHECKPOINT)), "killed in its second epoch, after a checkpoint");

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> suite(b, false).run(SuiteProgress.NONE));
        assertTrue(refused.getMessage().contains("--resume"), refused.getMessage());

        ReproduceSuite again = suite(b, true);
        ReproduceSuite.Result resumed = again.run(SuiteProgress.NONE);
        for (Map.Entry<Path, byte[]> e : before.entrySet()) {
            assertArrayEquals(e.getValue(), Files.readAllBytes(e.getKey()), "a finished run was written again: " + e.getKey());
        }
        assertEquals(firstEpoch, Files.readAllLines(cut.resolve(RunDirectory.METRICS_CSV)).get(1),
                "the interrupted run continued from its checkpoint, its first epoch was not trained again");

        String expected = masked(whole, uninterrupted);
        String actual = masked(again, resumed).replace(b.toString(), a.toString());
        assertEquals(expected, actual);
        assertEquals(Files.readString(a.resolve(ReproduceReport.JSON_FILE)),
                Files.readString(b.resolve(ReproduceReport.JSON_FILE)).replace(b.toString(), a.toString()));
        assertTrue(expected.contains("(time)"), "timings are masked, not absent");
    }
}
