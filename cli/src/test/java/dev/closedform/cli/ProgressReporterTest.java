package dev.closedform.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.closedform.experiments.operator.GenerationListener;
import dev.closedform.train.EpochMetrics;
import dev.closedform.train.TrainingListener;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import org.junit.jupiter.api.Test;

class ProgressReporterTest {

    /** What {@code action} prints on System.err. */
    private static String stderrOf(Runnable action) {
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setErr(e);
            action.run();
        } finally {
            System.setErr(old);
        }
        return err.toString(StandardCharsets.UTF_8);
    }

    /** Two epochs of three steps each, through a reporter in {@code mode}. */
    private static String twoEpochs(ProgressReporter.Mode mode) {
        return stderrOf(() -> {
            try (ProgressReporter p = new ProgressReporter("train", 6, mode)) {
                TrainingListener l = p.listener("cf-prox seed 1");
                l.onStart(1, 2, 3);
                for (int e = 1; e <= 2; e++) {
                    for (int s = 1; s <= 3; s++) {
                        l.onStep(e, s);
                    }
                    l.onEpoch(new EpochMetrics(e, 3L * e, 0.5 / e, 0.25 / e, e, Map.of("test_sq_loss", 0.125)));
                }
            }
        });
    }

    @Test
    void withoutATerminalEachEpochIsOnePlainLine() {
        String s = twoEpochs(ProgressReporter.Mode.LINES);
        assertFalse(s.contains("\r"), "no carriage returns in a log: " + s);
        List<String> lines = s.lines().toList();
        assertEquals(2, lines.size(), s);
        assertTrue(lines.get(0).startsWith("cf-prox seed 1 epoch 1/2: train 0.5000 test 0.2500 sq 0.1250 [train 3/6 steps, "), s);
        assertTrue(lines.get(1).startsWith("cf-prox seed 1 epoch 2/2: train 0.2500 test 0.1250 sq 0.1250 [train 6/6 steps, ")
                && lines.get(1).endsWith("ETA 0:00:00]"), s);
    }

    @Test
    void quietPrintsNothing() {
        assertEquals("", twoEpochs(ProgressReporter.Mode.QUIET));
        assertEquals("", stderrOf(() -> {
            GenerationListener g = ProgressReporter.generation("burgers", ProgressReporter.Mode.QUIET);
            g.onStart("Burgers test", 2);
            g.onSample(1);
            g.onSample(2);
            g.onEnd();
        }));
    }

    @Test
    void aBarWithoutATerminalIsAFewLines() {
        String s = stderrOf(() -> {
            try (ProgressBar bar = ProgressReporter.newBar("darcy data", 1000, ProgressReporter.Mode.LINES)) {
                for (int i = 0; i < 1000; i++) {
                    bar.step();
                }
            }
        });
        assertFalse(s.contains("\r"), s);
        long lines = s.lines().count();
        assertTrue(lines >= 1 && lines <= 10, lines + " lines: " + s);
        assertTrue(s.strip().endsWith("1000/1000 (0:00:00 / 0:00:00)") || s.contains("100%"), s);
    }

    @Test
    void theModeFollowsTheLauncher() {
        String old = System.getProperty("closedform.stderr.tty");
        try {
            System.setProperty("closedform.stderr.tty", "true");
            assertEquals(ProgressReporter.Mode.BAR, ProgressReporter.Mode.auto());
            System.setProperty("closedform.stderr.tty", "false");
            assertEquals(ProgressReporter.Mode.LINES, ProgressReporter.Mode.auto());
            System.setProperty("closedform.progress", "quiet");
            assertEquals(ProgressReporter.Mode.QUIET, ProgressReporter.Mode.auto());
        } finally {
            System.clearProperty("closedform.progress");
            if (old == null) {
                System.clearProperty("closedform.stderr.tty");
            } else {
                System.setProperty("closedform.stderr.tty", old);
            }
        }
    }

    @Test
    void generationDrawsTheDataBarOnStandardError() {
        String s = stderrOf(() -> {
            GenerationListener g = ProgressReporter.generation("burgers", ProgressReporter.Mode.LINES);
            g.onStart("Burgers test", 3);
            for (int i = 1; i <= 3; i++) {
                g.onSample(i);
            }
            g.onEnd();
        });
        assertTrue(s.contains("generating 3 samples: Burgers test") && s.contains("burgers data") && s.contains("3/3"), s);
    }
}
