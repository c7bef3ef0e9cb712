package dev.closedform.experiments.theory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.closedform.data.AtomicFiles;
import dev.closedform.engine.EngineSettings;
import dev.closedform.experiments.run.Provenance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The three theory computations at one scale, written into one directory: {@code theory.md} (a section
 * per part), {@code theory.json} (every number of the sections) and the figures. {@link #main} runs it
 * from a shell.
 */
public final class TheorySuite {

    public static final String MARKDOWN_FILE = "theory.md";
    public static final String JSON_FILE = "theory.json";

    /** The parts, by the names {@code --only} takes. */
    public enum Part {
        SPURIOUS("spurious"),
        NTK("ntk"),
        ONE_STEP("one-step");

        private final String label;

        Part(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public static Part parse(String name) {
            for (Part p : values()) {
                if (p.label.equals(name.trim().toLowerCase(Locale.ROOT))) {
                    return p;
                }
            }
            throw new IllegalArgumentException("unknown theory part '" + name + "'; expected spurious, ntk or one-step");
        }
    }

    /** What one call wrote. */
    public record Written(Path markdown, Path json, List<Path> figures, List<TheoryClaim> claims) {}

    private TheorySuite() {}

    public static Written run(TheoryScale scale, Set<Part> parts, Path dir, TheoryProgress progress) throws IOException {
        Files.createDirectories(dir);
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        root.put("scale", scale.label());
        root.set("provenance", Provenance.toJson());
        ObjectNode results = root.putObject("results");
        StringBuilder md = new StringBuilder();
        List<Path> figures = new ArrayList<>();
        List<TheoryClaim> claims = new ArrayList<>();
        for (Part part : Part.values()) {
            if (!parts.contains(part)) {
                continue;
            }
            TheoryProgress p = (done, total, label) -> progress.advanced(done, total, part.label() + ": " + label);
            TheoryResult r = switch (part) {
                case SPURIOUS -> SpuriousRegion.run(SpuriousConfig.forScale(scale), p);
                case NTK -> NtkExperiment.run(NtkConfig.forScale(scale), p);
                case ONE_STEP -> OneStepIdentity.run(OneStepConfig.forScale(scale), p);
            };
            claims.add(r.claim());
            figures.addAll(r.writeFigures(dir));
            md.append(r.markdown()).append(seconds(r.seconds()));
            results.set(part.label(), json.valueToTree(r));
        }
        root.set("claims", json.valueToTree(claims));
        String header = "# The theory of the method, shown by computation\n\nScale `" + scale.label() + "`; "
                + provenanceLine(root) + "\n\n" + TheoryClaim.table(claims) + "\n";
        md.insert(0, header);
        Path markdown = dir.resolve(MARKDOWN_FILE);
        Path jsonFile = dir.resolve(JSON_FILE);
        AtomicFiles.writeString(markdown, md.toString());
        AtomicFiles.writeString(jsonFile, json.writeValueAsString(root) + "\n");
        return new Written(markdown, jsonFile, figures, List.copyOf(claims));
    }

    private static String provenanceLine(ObjectNode root) {
        var p = root.get("provenance");
        return "closedform " + p.path("closedform").asText() + (p.has("git_commit") ? " (commit " + p.get("git_commit").asText() + ")" : "")
                + ", Java " + p.path("java").asText() + ", DJL " + p.path("djl").asText() + ", " + p.path("engine").asText()
                + ", " + p.path("cores").asInt() + " cores, " + p.path("threads").asInt() + " engine threads, " + p.path("time").asText();
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%n_Computed in %.1f s (wall)._%n%n", s);
    }

    /**
     * {@code --scale smoke|paper} (default smoke), {@code --out DIR} (default {@code runs/theory-<scale>}),
     * {@code --only spurious,ntk,one-step} (default all). Bad arguments exit with code 2.
     */
    public static void main(String[] args) throws IOException {
        EngineSettings.ensureOffline();
        TheoryScale scale = TheoryScale.SMOKE;
        Path out = null;
        Set<Part> parts = EnumSet.allOf(Part.class);
        try {
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--scale" -> scale = TheoryScale.parse(required(args[i], value));
                    case "--out" -> out = Path.of(required(args[i], value));
                    case "--only" -> {
                        parts = EnumSet.noneOf(Part.class);
                        for (String name : required(args[i], value).split(",")) {
                            parts.add(Part.parse(name));
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown option '" + args[i]
                            + "'; expected --scale smoke|paper, --out DIR, --only " + Arrays.toString(labels()));
                }
                i++;
            }
        } catch (IllegalArgumentException e) {
            System.err.println("theory: " + e.getMessage());
            System.exit(2);
        }
        Path dir = out != null ? out : Path.of("runs", "theory-" + scale.label());
        long start = System.nanoTime();
        Written w = run(scale, parts, dir, (done, total, label) -> System.err.printf(Locale.ROOT,
                "[theory %6.1f s] %d/%d %s%n", (System.nanoTime() - start) / 1e9, done, total, label));
        System.out.println("wrote " + w.markdown() + ", " + w.json() + " and " + w.figures().size() + " figures");
    }

    private static String required(String option, String value) {
        if (value == null || value.startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }

    private static String[] labels() {
        return Arrays.stream(Part.values()).map(Part::label).toArray(String[]::new);
    }
}
