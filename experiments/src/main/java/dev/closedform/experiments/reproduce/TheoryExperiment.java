package dev.closedform.experiments.reproduce;

import com.fasterxml.jackson.databind.JsonNode;
import dev.closedform.experiments.reproduce.ReportDocument.Block;
import dev.closedform.experiments.run.RunDirectory;
import dev.closedform.experiments.theory.TheoryClaim.Verdict;
import dev.closedform.experiments.theory.TheorySuite;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One part of the theory of section 4, computed by {@link TheorySuite} into the experiment's folder
 * ({@code theory.md}, {@code theory.json}, figures). {@code theory.json} is written last, so a folder
 * holding it at this scale is a finished computation and is not redone.
 *
 * @param explanation what the report adds below the part's own result (e.g. why the NTK rate is what it is)
 */
public record TheoryExperiment(String name, String title, TheorySuite.Part part, String claim, double smokeSeconds,
                               double paperSeconds, String explanation) implements Experiment {

    @Override
    public Plan plan(SuiteSettings s) {
        double seconds = s.scale().pick(smokeSeconds, paperSeconds);
        return new Plan(1, seconds, List.of(part.label() + " at scale " + s.scale().label() + "; about " + Format.duration(seconds)));
    }

    @Override
    public void run(SuiteSettings s, Path dir, WorkMeter meter) {
        if (finished(s, dir)) {
            s.notices().accept(dir + ": this computation is already finished; nothing to do");
        } else {
            double seconds = s.scale().pick(smokeSeconds, paperSeconds);
            double[] spent = {0};
            try {
                TheorySuite.run(s.scale().theory(), EnumSet.of(part), dir, (done, total, label) -> {
                    double now = seconds * done / Math.max(1, total);
                    meter.spend(now - spent[0], label);
                    spent[0] = now;
                });
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the theory results in " + dir + ": " + e.getMessage(), e);
            }
            meter.spend(seconds - spent[0], part.label());
        }
        meter.finished(part.label());
    }

    private boolean finished(SuiteSettings s, Path dir) {
        Path json = dir.resolve(TheorySuite.JSON_FILE);
        if (!Files.isRegularFile(json)) {
            return false;
        }
        JsonNode root = RunDirectory.readJson(json);
        return root.path("scale").asText().equals(s.scale().label()) && root.path("results").has(part.label());
    }

    @Override
    public ExperimentReport report(SuiteSettings s, Path dir, Map<String, ExperimentReport> earlier) {
        List<Block> body = new ArrayList<>();
        if (!finished(s, dir)) {
            return ExperimentReport.notTestable(this, "not computed (no " + TheorySuite.JSON_FILE + " in " + dir + ")", body);
        }
        JsonNode c = RunDirectory.readJson(dir.resolve(TheorySuite.JSON_FILE)).path("claims").path(0);
        Verdict verdict = Verdict.valueOf(c.path("verdict").asText("NOT_TESTABLE"));
        String result = c.path("result").asText();
        if (!explanation.isEmpty()) {
            body.add(ReportDocument.paragraph(explanation));
        }
        String rel = s.out().toAbsolutePath().normalize().relativize(dir.toAbsolutePath().normalize()).toString();
        for (String png : figures(dir)) {
            body.add(new ReportDocument.Image(rel + "/" + png, title + ": " + png.replace(".png", "").replace('_', ' ')));
        }
        body.add(ReportDocument.paragraph(new ReportDocument.Text("Every number, the settings and the derivation: "),
                new ReportDocument.Link(rel + "/" + TheorySuite.MARKDOWN_FILE, rel + "/" + TheorySuite.MARKDOWN_FILE),
                new ReportDocument.Text(" and "), new ReportDocument.Link(rel + "/" + TheorySuite.JSON_FILE, rel + "/" + TheorySuite.JSON_FILE)));
        return new ExperimentReport(name, title, claim, result, verdict, body, List.of(), List.of());
    }

    private static List<String> figures(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".png")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
