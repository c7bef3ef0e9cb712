package dev.closedform.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library is offline by itself: a child JVM started without {@code -Dai.djl.offline},
 * {@code -DOPT_OUT_TRACKING} or their environment variables uses it and attempts no connection.
 *
 * <p>Why this cannot pass by accident: the child records every socket connection before it is
 * made ({@link ConnectionRecorder}, installed before any DJL class loads), and the control run
 * starts DJL's engine without going through the library first, in the same kind of child with the
 * same recorder: there the recorder does see DJL's calls to the cloud metadata address. So the
 * recorder sees DJL's traffic when there is any, and the library runs see none. Refused by the
 * recorder, no attempt ever leaves the machine, not even in the control.
 */
class OfflineTest {

    @TempDir
    Path tmp;

    @Test
    void theReadmeExampleAttemptsNoConnection() throws Exception {
        List<String> out = probe("readme");
        assertTrue(out.contains("ai.djl.offline=true OPT_OUT_TRACKING=true"), String.join("\n", out));
        assertEquals(List.of(), attempts(out), "connections attempted by the library");
    }

    @Test
    void dfivAttemptsNoConnection() throws Exception {
        List<String> out = probe("dfiv");
        assertTrue(out.contains("dfiv trained"), String.join("\n", out));
        assertEquals(List.of(), attempts(out), "connections attempted by DFIV");
    }

    @Test
    void theRecorderSeesDjlCallingHomeWhenTheEngineStartsFirst() throws Exception {
        List<String> out = probe("engine-first");
        assertTrue(out.contains("ai.djl.offline=null OPT_OUT_TRACKING=null"), String.join("\n", out));
        assertTrue(attempts(out).stream().anyMatch(a -> a.startsWith("169.254.169.254:")),
                "the control run must show DJL's start-up calls, else the recorder proves nothing: " + out);
    }

    private static List<String> attempts(List<String> out) {
        return out.stream().filter(l -> l.startsWith("attempt ") && !l.startsWith("attempt loopback "))
                .map(l -> l.substring("attempt ".length())).toList();
    }

    /** Runs {@link OfflineProbe} in a fresh JVM: this test's class path, no DJL property or variable. */
    private List<String> probe(String mode) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx1g", "-cp", classPath(), OfflineProbe.class.getName(), mode));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().remove("DJL_OFFLINE");
        pb.environment().remove("OPT_OUT_TRACKING");
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove("JDK_JAVA_OPTIONS");
        Path log = tmp.resolve(mode + ".log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the probe did not finish");
        List<String> out = Files.readAllLines(log, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), String.join("\n", out));
        assertTrue(out.contains("done"), String.join("\n", out));
        return out;
    }

    /**
     * The test class path: Surefire may run tests from a manifest-only jar, whose manifest
     * {@code Class-Path} a child started with {@code -cp} also follows.
     */
    private static String classPath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path").replace(";", File.pathSeparator);
    }
}
