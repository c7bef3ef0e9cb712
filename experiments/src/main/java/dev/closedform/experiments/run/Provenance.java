package dev.closedform.experiments.run;

import ai.djl.engine.Engine;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import dev.closedform.engine.EngineSettings;

/** Versions, git commit and machine facts recorded with every run. */
public final class Provenance {

    static {
        EngineSettings.ensureOffline(); // it asks DJL's engine for its version
    }

    private Provenance() {}

    public static String version() {
        Properties p = new Properties();
        try (InputStream in = Provenance.class.getResourceAsStream("/closedform-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException ignored) {
            // a missing version file only loses a label
        }
        return p.getProperty("version", "unknown");
    }

    /** The commit of the checkout the launcher runs from ({@code -Dclosedform.home}), read without spawning git. */
    public static Optional<String> gitCommit() {
        String home = System.getProperty("closedform.home");
        if (home == null) {
            return Optional.empty();
        }
        try {
            Path git = Path.of(home, ".git");
            Path common = git;
            if (Files.isRegularFile(git)) { // a worktree: ".git" names its private git dir, refs live in the common one
                git = Path.of(Files.readString(git).trim().substring("gitdir:".length()).trim());
                Path commondir = git.resolve("commondir");
                common = Files.isRegularFile(commondir) ? git.resolve(Files.readString(commondir).trim()).normalize() : git;
            }
            String head = Files.readString(git.resolve("HEAD")).trim();
            if (!head.startsWith("ref:")) {
                return Optional.of(head);
            }
            String ref = head.substring(4).trim();
            Path loose = common.resolve(ref);
            if (Files.isRegularFile(loose)) {
                return Optional.of(Files.readString(loose).trim());
            }
            Path packed = common.resolve("packed-refs");
            if (Files.isRegularFile(packed)) {
                for (String line : Files.readAllLines(packed)) {
                    if (line.endsWith(" " + ref)) {
                        return Optional.of(line.substring(0, line.indexOf(' ')));
                    }
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // provenance is best effort: a run must not fail because .git is odd
        }
        return Optional.empty();
    }

    public static ObjectNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("closedform", version());
        gitCommit().ifPresent(c -> n.put("git_commit", c));
        n.put("java", System.getProperty("java.version"));
        n.put("djl", Engine.getDjlVersion());
        Engine engine = Engine.getInstance();
        n.put("engine", engine.getEngineName() + " " + engine.getVersion());
        n.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        n.put("cores", Runtime.getRuntime().availableProcessors());
        n.put("threads", EngineSettings.threads());
        n.put("time", Instant.now().toString());
        return n;
    }
}
