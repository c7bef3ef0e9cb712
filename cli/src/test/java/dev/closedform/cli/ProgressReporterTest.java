package dev.closedform.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.closedform.experiments.operator.GenerationListener;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressReporterTest {

    @Test
    void generationDrawsTheDataBarOnStandardError() {
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setErr(e);
            GenerationListener g = ProgressReporter.generation("burgers");
            g.onStart("Burgers test", 3);
            for (int i = 1; i <= 3; i++) {
                g.onSample(i);
            }
            g.onEnd();
        } finally {
            System.setErr(old);
        }
        String s = err.toString(StandardCharsets.UTF_8);
        assertTrue(s.contains("generating 3 samples: Burgers test") && s.contains("burgers data") && s.contains("3/3"), s);
    }
}
