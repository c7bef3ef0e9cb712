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
        List<MethodStats> all = MethodStats.of(results, false);
        List<String> groups = groups(results);
        for (String group : groups) {
            if (groups.stream().anyMatch(g -> !Objects.equals(g, group) && parts(g).containsAll(parts(group)))) {
                continue; // e.g. sgd's cell in a lambda sweep (none): it takes part in the cells that contain it
            }
            List<MethodStats> cell = inCell(all, group);
            if (group != null) { // sweeps: name the winner of each cell
                cell.stream().filter(m -> !Double.isNaN(m.mean()))
                        .min(higher ? Comparator.comparingDouble(MethodStats::mean).reversed()
                                : Comparator.comparingDouble(MethodStats::mean))
                        .ifPresent(w -> notes.add(String.format(Locale.ROOT, "Best at %s: %s (mean %s %.4g, %.3f ms/step).",
                                group, w.method(), metric, w.mean(), w.msPerStep())));
            }
            Optional<MethodStats> prox = cell.stream().filter(m -> m.method().equals("cf-prox")).findFirst();
            Optional<MethodStats> sgd = cell.stream().filter(m -> m.method().equals("sgd")).findFirst();
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

    /**
     * Each method's statistics in a cell: its entry whose group is the cell, or, for a method the sweep does not
     * vary along some axes (sgd in a lambda sweep), its entry whose group names only the cell's other values.
     */
    private static List<MethodStats> inCell(List<MethodStats> all, String cell) {
        List<MethodStats> out = new ArrayList<>();
        for (String method : all.stream().map(MethodStats::method).distinct().toList()) {
            all.stream().filter(m -> m.method().equals(method) && parts(cell).containsAll(parts(m.group())))
                    .max(Comparator.comparingInt(m -> parts(m.group()).size()))
                    .ifPresent(out::add);
        }
        return out;
    }

    /** A group's settings, e.g. {@code [batch=8, lambda=0.1]}; none for no group. */
    private static List<String> parts(String group) {
        return group == null ? List.of() : List.of(group.split(", "));
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

}
