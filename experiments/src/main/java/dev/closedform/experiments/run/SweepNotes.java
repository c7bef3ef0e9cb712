package dev.closedform.experiments.run;

import dev.closedform.experiments.report.MethodStats;
import dev.closedform.experiments.report.RunResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The notes of a comparison report: stopped runs, the data and model, the winner of each sweep cell,
 * and whether cf-prox beats sgd, said plainly when it does not.
 */
public final class SweepNotes {

    private SweepNotes() {}

    /**
     * @param dataDescription what the task's data are
     * @param modelLabel      the model in words
     * @param learningRates   the learning-rate option as given, or null for the defaults
     */
    public static List<String> of(List<RunResult> results, List<String> stopped, boolean higher, String dataDescription,
            String modelLabel, Sweep.Planned example, String learningRates) {
        List<String> notes = new ArrayList<>();
        for (String run : stopped) {
            notes.add("Diverged and left out of the table (the other seeds of the method still count): " + run);
        }
        notes.add("Data: " + dataDescription + ". Model: " + modelLabel + ", " + example.config().epochs()
                + " epochs; ridge beta " + example.config().ridge() + ", proximal lambda " + example.config().prox()
                + "; learning rates: " + (learningRates == null ? "the task's defaults" : learningRates) + ".");
        String metric = results.get(0).metricName();
        for (String group : groups(results)) {
            if (group != null) { // sweeps: name the winner of each cell
                results.stream().filter(r -> group.equals(r.group())).map(RunResult::method).distinct()
                        .map(m -> stats(results, m, group)).flatMap(Optional::stream)
                        .filter(m -> !Double.isNaN(m.mean()))
                        .min(higher ? Comparator.comparingDouble(MethodStats::mean).reversed()
                                : Comparator.comparingDouble(MethodStats::mean))
                        .ifPresent(w -> notes.add(String.format(Locale.ROOT, "Best at %s: %s (mean %s %.4g, %.3f ms/step).",
                                group, w.method(), metric, w.mean(), w.msPerStep())));
            }
            Optional<MethodStats> prox = stats(results, "cf-prox", group);
            Optional<MethodStats> sgd = stats(results, "sgd", group);
            if (prox.isPresent() && sgd.isPresent()) {
                double p = prox.get().mean();
                double s = sgd.get().mean();
                String where = group == null ? "" : " at " + group;
                notes.add((higher ? p > s : p < s)
                        ? String.format(Locale.ROOT, "cf-prox beats sgd%s: mean %s %.4g vs %.4g (%.1f%% %s).", where, metric, p, s,
                                100 * Math.abs(s - p) / s, higher ? "higher" : "lower")
                        : String.format(Locale.ROOT, "Honest negative: cf-prox does NOT beat sgd%s: mean %s %.4g vs %.4g.", where,
                                metric, p, s));
            }
        }
        return notes;
    }

    private static List<String> groups(List<RunResult> results) {
        List<String> groups = new ArrayList<>();
        for (RunResult r : results) {
            if (!groups.contains(r.group())) {
                groups.add(r.group());
            }
        }
        return groups;
    }

    private static Optional<MethodStats> stats(List<RunResult> results, String method, String group) {
        return MethodStats.of(results, false).stream()
                .filter(s -> s.method().equals(method) && Objects.equals(s.group(), group)).findFirst();
    }
}
