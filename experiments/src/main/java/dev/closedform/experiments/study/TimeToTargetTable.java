package dev.closedform.experiments.study;

import com.fasterxml.jackson.databind.JsonNode;
import dev.closedform.experiments.reproduce.Format;
import dev.closedform.experiments.reproduce.Stats;
import dev.closedform.experiments.reproduce.TimeToTarget;
import dev.closedform.experiments.run.RunDirectory;
import dev.closedform.train.EpochMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Time to a common target across comparison folders run on the same data: the target is the
 * median final error of a reference method over its seeds, and for every method the median over
 * seeds of the seconds and steps until a run first reaches it (a run that never does counts as
 * infinitely slow, so the median is infinite when half the seeds miss), next to the seconds to
 * 1.1x the run's own final error and the cost per step. Lower errors are better.
 * {@code closedform time-to-target --reference METHOD FOLDER...} prints it.
 */
public final class TimeToTargetTable {

    /** One method's line; seconds and steps are medians over seeds. */
    public record Row(String method, Stats finalError, int reached, int runs, double secondsToTarget,
                      double stepsToTarget, double secondsToOwn, double msPerStep) {}

    private TimeToTargetTable() {}

    /** The finished runs of the folders by method (a label met in two folders gets the folder's name). */
    static Map<String, List<List<EpochMetrics>>> curves(List<Path> folders) {
        Map<String, List<String>> foldersOf = new LinkedHashMap<>();
        Map<String, List<List<EpochMetrics>>> byKey = new LinkedHashMap<>();
        List<String[]> found = new ArrayList<>();
        List<List<EpochMetrics>> metrics = new ArrayList<>();
        for (Path folder : folders) {
            if (!Files.isDirectory(folder.resolve("runs"))) {
                throw new IllegalArgumentException(folder + ": not a comparison folder (it has no runs/ folder)");
            }
            try (Stream<Path> runs = Files.list(folder.resolve("runs"))) {
                for (Path run : runs.sorted().toList()) {
                    JsonNode record = RunDirectory.readJson(run.resolve(RunDirectory.RUN_JSON));
                    if (!"finished".equals(record.path("status").asText())) {
                        continue;
                    }
                    String method = record.get("method").asText();
                    foldersOf.computeIfAbsent(method, k -> new ArrayList<>()).add(folder.getFileName().toString());
                    found.add(new String[] {method, folder.getFileName().toString()});
                    metrics.add(RunDirectory.readMetrics(run.resolve(RunDirectory.METRICS_CSV)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + folder.resolve("runs") + ": " + e.getMessage(), e);
            }
        }
        for (int i = 0; i < found.size(); i++) {
            String method = found.get(i)[0];
            boolean ambiguous = foldersOf.get(method).stream().distinct().count() > 1;
            String key = ambiguous ? method + " [" + found.get(i)[1] + "]" : method;
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(metrics.get(i));
        }
        return byKey;
    }

    /** The table; {@code reference} must name a method (or key) present in the folders. */
    public static List<Row> of(List<Path> folders, String reference) {
        Map<String, List<List<EpochMetrics>>> curves = curves(folders);
        if (!curves.containsKey(reference)) {
            throw new IllegalArgumentException("no finished run of " + reference + " in " + folders + "; methods: " + curves.keySet());
        }
        double target = Stats.of(finals(curves.get(reference))).median();
        List<Row> rows = new ArrayList<>();
        curves.forEach((method, runs) -> {
            double[] seconds = new double[runs.size()];
            double[] steps = new double[runs.size()];
            double[] own = new double[runs.size()];
            double[] ms = new double[runs.size()];
            int reached = 0;
            for (int i = 0; i < runs.size(); i++) {
                List<EpochMetrics> curve = runs.get(i);
                var hit = TimeToTarget.first(curve, target, false);
                seconds[i] = hit.map(TimeToTarget.Reached::seconds).orElse(Double.POSITIVE_INFINITY);
                steps[i] = hit.map(r -> (double) r.steps()).orElse(Double.POSITIVE_INFINITY);
                reached += hit.isPresent() ? 1 : 0;
                double last = curve.get(curve.size() - 1).testMetric();
                own[i] = TimeToTarget.first(curve, TimeToTarget.ownThreshold(last, false, TimeToTarget.OWN_FACTOR), false)
                        .map(TimeToTarget.Reached::seconds).orElse(Double.NaN);
                ms[i] = TimeToTarget.msPerStep(curve);
            }
            rows.add(new Row(method, Stats.of(finals(runs)), reached, runs.size(), median(seconds), median(steps),
                    median(own), median(ms)));
        });
        return rows;
    }

    private static double[] finals(List<List<EpochMetrics>> runs) {
        return runs.stream().mapToDouble(c -> c.get(c.size() - 1).testMetric()).toArray();
    }

    /** The median with infinities kept (a run that never reached the target is slower than all that did). */
    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    /** The table as Markdown lines, headed by the target. */
    public static List<String> markdown(List<Row> rows, String reference) {
        double target = rows.stream().filter(r -> r.method().equals(reference)).findFirst().orElseThrow().finalError().median();
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "target: %s's median final error %s", reference, Format.num(target)));
        lines.add("");
        lines.add("| method | seeds | final median [q1, q3] | reached target | s to target | steps to target | s to 1.1x own final | ms / step |");
        lines.add("|---|---:|---:|---:|---:|---:|---:|---:|");
        for (Row r : rows) {
            lines.add(String.format(Locale.ROOT, "| %s | %d | %s [%s, %s] | %d/%d | %s | %s | %s | %.1f |", r.method(), r.runs(),
                    Format.num(r.finalError().median()), Format.num(r.finalError().q1()), Format.num(r.finalError().q3()),
                    r.reached(), r.runs(), finite(r.secondsToTarget(), "%.0f"), finite(r.stepsToTarget(), "%.0f"),
                    finite(r.secondsToOwn(), "%.0f"), r.msPerStep()));
        }
        return lines;
    }

    private static String finite(double v, String format) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, format, v) : "never";
    }
}
