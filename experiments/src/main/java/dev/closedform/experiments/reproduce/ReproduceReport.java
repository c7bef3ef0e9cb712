package dev.closedform.experiments.reproduce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.closedform.data.AtomicFiles;
import dev.closedform.experiments.reproduce.ExperimentReport.StatRow;
import dev.closedform.experiments.reproduce.ReportDocument.Bullets;
import dev.closedform.experiments.reproduce.ReportDocument.Heading;
import dev.closedform.experiments.reproduce.ReportDocument.Inline;
import dev.closedform.experiments.reproduce.ReportDocument.Text;
import dev.closedform.experiments.reproduce.ReportDocument.Timing;
import dev.closedform.experiments.run.Provenance;
import dev.closedform.experiments.run.RunDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The reproduction's one report: {@code report.md}, {@code report.html} (self-contained apart from the
 * PNGs in the experiments' folders, by relative path) and {@code reproduce.json} (every verdict, every
 * statistic with the run directories it was computed from, every cited run). A summary table comes first.
 */
public final class ReproduceReport {

    public static final String MARKDOWN_FILE = "report.md";
    public static final String HTML_FILE = "report.html";
    public static final String JSON_FILE = "reproduce.json";

    /** Paths of what {@link #write} wrote. */
    public record Files3(Path markdown, Path html, Path json) {}

    private ReproduceReport() {}

    /** The whole report as a document; {@code command} is the reproduction's canonical command. */
    public static ReportDocument document(SuiteSettings s, List<ExperimentReport> reports, String command) {
        ReportDocument d = new ReportDocument("closedform: the paper's experiments, reproduced (scale " + s.scale().label() + ")");
        d.add(ReportDocument.paragraph("Closed-form last layer optimisation (arXiv:2510.04606): every experiment of the paper's "
                + "sections 5.1-5.4, 3 and 4 run by one command, each with the paper's claim, our result and a verdict. "
                + (s.scale() == Scale.SMOKE ? "This is the smoke scale: the sizes are far too small for the verdicts to say anything "
                + "about the claims; it shows that every experiment runs end to end and how each verdict is reached."
                : "Paper scale: the paper's data sizes with the epoch budgets each section states.")));
        d.add(new ReportDocument.Preformatted(command));
        d.add(new Heading(2, "Summary"));
        List<List<Inline>> rows = new ArrayList<>();
        for (ExperimentReport r : reports) {
            rows.add(ReportDocument.cells(r.title() + " (" + r.name() + ")", r.claim(), r.result(), r.verdict().label()));
        }
        d.add(ReportDocument.table(List.of("experiment", "the paper's claim", "our result", "verdict"), rows, 4));
        d.add(ReportDocument.paragraph("Verdicts: holds = the measured numbers agree with the claim by the rule its section states "
                + "(comparisons need a gap larger than the seeds' standard deviation); does not hold = they do not (an honest "
                + "negative, including gaps within the noise); not testable here = the data or the method is not available on "
                + "this machine or in this build, or the experiment did not run."));
        d.add(new Heading(2, "Machine and versions"));
        d.add(machine());
        for (ExperimentReport r : reports) {
            d.add(new Heading(2, r.title()));
            d.add(ReportDocument.paragraph("Claim: " + r.claim()));
            d.add(ReportDocument.paragraph("Verdict: " + r.verdict().label() + ". " + r.result() + "."));
            d.addAll(r.body());
        }
        d.add(new Heading(2, "Runs and their commands"));
        d.add(ReportDocument.paragraph("Every run the tables cite, with its directory (relative to this report) and the command "
                + "recorded in its run.json; each command reproduces its experiment on its own, finished runs included."));
        for (ExperimentReport r : reports) {
            if (!r.runs().isEmpty()) {
                d.add(new Heading(3, r.name()));
                d.add(Sections.runs(r.runs()));
            }
        }
        return d;
    }

    private static Bullets machine() {
        JsonNode p = Provenance.toJson();
        List<List<Inline>> items = new ArrayList<>();
        items.add(List.of(new Text("closedform " + p.path("closedform").asText() + (p.has("git_commit")
                ? ", commit " + p.path("git_commit").asText() : ""))));
        items.add(List.of(new Text("Java " + p.path("java").asText() + ", DJL " + p.path("djl").asText() + ", " + p.path("engine").asText())));
        items.add(List.of(new Text(p.path("os").asText() + ", " + p.path("cores").asInt() + " cores; engine threads "),
                new Timing(p.path("threads").asText())));
        items.add(List.of(new Text("report written "), new Timing(p.path("time").asText()), new Text("; load average then "),
                new Timing(loadAverage())));
        return new Bullets(items);
    }

    /** {@code /proc/loadavg}'s three numbers, or "unknown". */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " / " + f[1] + " / " + f[2] + " (1 / 5 / 15 min)";
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** The machine-readable report: verdicts, statistics with their run directories, cited runs. No timings. */
    public static ObjectNode json(SuiteSettings s, List<ExperimentReport> reports, String command) {
        ObjectNode root = RunDirectory.JSON.createObjectNode();
        root.put("scale", s.scale().label());
        root.put("command", command);
        ArrayNode exps = root.putArray("experiments");
        for (ExperimentReport r : reports) {
            ObjectNode e = exps.addObject();
            e.put("name", r.name());
            e.put("title", r.title());
            e.put("claim", r.claim());
            e.put("result", r.result());
            e.put("verdict", r.verdict().label());
            ArrayNode stats = e.putArray("stats");
            for (StatRow row : r.stats()) {
                ObjectNode o = stats.addObject();
                o.put("arm", row.arm());
                o.put("method", row.method());
                if (row.group() != null) {
                    o.put("group", row.group());
                }
                o.put("value_field", row.valueField());
                row.dirs().forEach(o.putArray("runs")::add);
                Stats st = row.stats();
                o.put("n", st.n());
                o.put("failed", st.failed());
                o.put("mean", st.mean());
                o.put("std", st.std());
                o.put("median", st.median());
                o.put("q1", st.q1());
                o.put("q3", st.q3());
                o.put("min", st.min());
                o.put("max", st.max());
            }
            ArrayNode runs = e.putArray("runs");
            for (CitedRun c : r.runs()) {
                ObjectNode o = runs.addObject();
                o.put("dir", c.dir());
                o.put("method", c.method());
                if (c.group() != null) {
                    o.put("group", c.group());
                }
                o.put("seed", c.seed());
                o.put("status", c.status());
                o.put("value_field", c.valueField());
                o.put("value", c.value());
            }
        }
        return root;
    }

    /** Writes the three files into {@code s.out()}. */
    public static Files3 write(SuiteSettings s, List<ExperimentReport> reports, String command) {
        ReportDocument d = document(s, reports, command);
        Path md = s.out().resolve(MARKDOWN_FILE);
        Path html = s.out().resolve(HTML_FILE);
        Path json = s.out().resolve(JSON_FILE);
        try {
            Files.createDirectories(s.out());
            AtomicFiles.writeString(md, d.markdown(true));
            AtomicFiles.writeString(html, d.html(true));
            AtomicFiles.writeString(json, RunDirectory.JSON.writeValueAsString(json(s, reports, command)) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report in " + s.out() + ": " + e.getMessage(), e);
        }
        return new Files3(md, html, json);
    }
}
