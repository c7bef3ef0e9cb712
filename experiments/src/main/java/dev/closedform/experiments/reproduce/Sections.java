package dev.closedform.experiments.reproduce;

import dev.closedform.experiments.reproduce.ExperimentReport.StatRow;
import dev.closedform.experiments.reproduce.ReportDocument.Block;
import dev.closedform.experiments.reproduce.ReportDocument.Inline;
import dev.closedform.experiments.reproduce.ReportDocument.Link;
import dev.closedform.experiments.reproduce.ReportDocument.Text;
import dev.closedform.experiments.reproduce.ReportDocument.Timing;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** The tables every experiment's section shares: results per method, references, time to target, runs. */
public final class Sections {

    private Sections() {}

    /** One row per (method, cell) in running order, over the finished runs of its seeds. */
    public static List<StatRow> statRows(List<CitedRun> runs) {
        Map<String, List<CitedRun>> byKey = new LinkedHashMap<>();
        for (CitedRun r : runs) {
            byKey.computeIfAbsent(r.arm() + "\u0000" + r.label(), k -> new ArrayList<>()).add(r);
        }
        List<StatRow> rows = new ArrayList<>();
        for (List<CitedRun> rs : byKey.values()) {
            CitedRun first = rs.get(0);
            rows.add(new StatRow(first.arm(), first.method(), first.group(), first.valueField(),
                    rs.stream().map(CitedRun::dir).toList(), Stats.of(rs.stream().mapToDouble(CitedRun::value).toArray())));
        }
        return rows;
    }

    /** The rows of one arm as a table: mean and spread over seeds, median and quartiles. */
    public static Block results(List<StatRow> rows, String metric) {
        List<List<Inline>> out = new ArrayList<>();
        for (StatRow r : rows) {
            Stats s = r.stats();
            out.add(ReportDocument.cells(r.method(), r.group() == null ? "" : r.group(),
                    s.n() + "/" + (s.n() + s.failed()), Format.meanStd(s), Format.num(s.median()),
                    Format.num(s.q1()) + " - " + Format.num(s.q3()), Format.num(s.min()), Format.num(s.max())));
        }
        return ReportDocument.table(List.of("method", "cell", "seeds finished", metric + " mean ± std", "median", "IQR (25%-75%)",
                "min", "max"), out, 2);
    }

    /**
     * Published or previously measured values beside ours: the matching method's mean (or median, for
     * experiments that report medians), the ratio, and what we think explains a difference.
     */
    public static Block references(List<Reference> refs, Function<Reference, Optional<Stats>> ours, boolean median) {
        List<List<Inline>> out = new ArrayList<>();
        for (Reference ref : refs) {
            Optional<Stats> s = ref.method() == null ? Optional.empty() : ours.apply(ref).filter(Stats::any);
            double v = s.map(x -> median ? x.median() : x.mean()).orElse(Double.NaN);
            String diff = s.isEmpty() ? "" : Format.num(v / ref.value()) + "x (" + (v >= ref.value() ? "+" : "")
                    + Format.num(v - ref.value()) + ")";
            out.add(ReportDocument.cells(ref.what(), ref.source(), Format.num(ref.value()) + (ref.spread().isEmpty() ? ""
                    : " (" + ref.spread() + ")"), s.isEmpty() ? "" : ref.method() + ": " + Format.num(v), diff,
                    s.isEmpty() ? "" : ref.reason()));
        }
        return ReportDocument.table(List.of("reference", "source", "value", "ours (" + (median ? "median" : "mean") + ")",
                "ours / reference", "likely reason for a difference"), out, java.util.Set.of(2, 4));
    }

    /**
     * Per method: how many seeds reached the experiment's target and when (steps and training seconds at
     * the end of the first epoch at or past it), when each reached 1.1x its own final error, and what a step
     * cost (ms per step; the share of it spent computing the closed-form head).
     */
    public static Block timeToTarget(List<CitedRun> runs, double target, boolean higherIsBetter) {
        Map<String, List<CitedRun>> byLabel = new LinkedHashMap<>();
        runs.stream().filter(CitedRun::finished).forEach(r -> byLabel.computeIfAbsent(r.label(), k -> new ArrayList<>()).add(r));
        List<List<Inline>> out = new ArrayList<>();
        for (Map.Entry<String, List<CitedRun>> e : byLabel.entrySet()) {
            List<CitedRun> rs = e.getValue();
            List<TimeToTarget.Reached> toTarget = new ArrayList<>();
            List<TimeToTarget.Reached> toOwn = new ArrayList<>();
            double ms = 0;
            double share = 0;
            for (CitedRun r : rs) {
                TimeToTarget.first(r.curve(), target, higherIsBetter).ifPresent(toTarget::add);
                double own = TimeToTarget.ownThreshold(r.value(), higherIsBetter, TimeToTarget.OWN_FACTOR);
                TimeToTarget.first(r.curve(), own, higherIsBetter).ifPresent(toOwn::add);
                ms += TimeToTarget.msPerStep(r.curve()) / rs.size();
                share += TimeToTarget.solveShare(r.curve()) / rs.size();
            }
            List<Inline> row = new ArrayList<>();
            row.add(new Text(e.getKey()));
            row.add(new Text(toTarget.size() + "/" + rs.size()));
            row.add(new Text(toTarget.isEmpty() ? "not reached" : steps(toTarget)));
            row.add(new Timing(toTarget.isEmpty() ? "-" : Format.duration(seconds(toTarget))));
            row.add(new Text(steps(toOwn)));
            row.add(new Timing(Format.duration(seconds(toOwn))));
            row.add(new Timing(Format.num(ms)));
            row.add(new Timing(Format.percent(share)));
            out.add(row);
        }
        return ReportDocument.table(List.of("method", "seeds at target " + Format.num(target), "steps to target",
                "time to target", "steps to 1.1x own final", "time to 1.1x own final", "ms / step", "share in head solve"), out, 1);
    }

    private static String steps(List<TimeToTarget.Reached> rs) {
        if (rs.isEmpty()) {
            return "-";
        }
        double mean = rs.stream().mapToLong(TimeToTarget.Reached::steps).average().orElse(Double.NaN);
        return mean == Math.rint(mean) ? Long.toString((long) mean) : String.format(java.util.Locale.ROOT, "%.1f", mean);
    }

    private static double seconds(List<TimeToTarget.Reached> rs) {
        return rs.stream().mapToDouble(TimeToTarget.Reached::seconds).average().orElse(Double.NaN);
    }

    /** The runs that did not finish, each with the reason its record gives (a result: diverged or ill-posed settings). */
    public static List<Block> failures(List<CitedRun> runs) {
        List<List<Inline>> items = new ArrayList<>();
        for (CitedRun r : runs) {
            if (!r.finished()) {
                items.add(List.of(new Text(r.label() + ", seed " + r.seed() + ": " + r.status()
                        + (r.error().isEmpty() ? "" : " (" + r.error() + ")"))));
            }
        }
        return items.isEmpty() ? List.of() : List.of(ReportDocument.paragraph("Runs without a result (left out of the statistics):"),
                new ReportDocument.Bullets(items));
    }

    /** Every cited run with its number and the exact command that made it ({@code run.json}'s). */
    public static Block runs(List<CitedRun> runs) {
        List<List<Inline>> out = new ArrayList<>();
        for (CitedRun r : runs) {
            out.add(List.of(new Link(r.dir(), r.dir()), new Text(r.label()), new Text(Long.toString(r.seed())),
                    new Text(r.status()), new Text(r.valueField() + " = " + Format.num(r.value())),
                    new Text(r.command().isEmpty() ? "" : "closedform " + String.join(" ", r.command()))));
        }
        return ReportDocument.table(List.of("run directory", "method [cell]", "seed", "status", "value", "command"), out, 6);
    }

    /** Table of the time-to-target and cost numbers' explanation, shared by every experiment. */
    public static Block timeNote(double target, String targetSource) {
        return ReportDocument.paragraph("Target " + Format.num(target) + " (" + targetSource + "), fixed before the run. "
                + "Steps and training seconds are cumulative at the end of the first epoch at or past the threshold (mean over the "
                + "seeds that reached it); times exclude evaluation and were measured in this one process, runs one after another. "
                + "The head-solve share is the part of the training time spent computing new last layers from batch features "
                + "(Gram statistics and solve; the second forward pass of backbone-first methods is not in it).");
    }
}
