package dev.closedform.experiments.reproduce;

import dev.closedform.experiments.theory.TheoryClaim.Verdict;
import java.util.List;

/**
 * One experiment's part of the report, built from the files in its folder: its row of the summary
 * table, its section, the runs it cites and the statistics it computed from them.
 *
 * @param name    the experiment's name ({@code --only} takes it)
 * @param title   its heading
 * @param claim   the paper's claim it tests
 * @param result  our result in one sentence, with its numbers
 * @param verdict holds, does not hold, or not testable here
 * @param body    the section's blocks
 * @param runs    every run it cites
 * @param stats   the statistics its tables show, each with the runs it was computed from
 */
public record ExperimentReport(String name, String title, String claim, String result, Verdict verdict,
                               List<ReportDocument.Block> body, List<CitedRun> runs, List<StatRow> stats) {

    public ExperimentReport {
        body = List.copyOf(body);
        runs = List.copyOf(runs);
        stats = List.copyOf(stats);
    }

    /**
     * One line of a results table: a method (in a cell of a sweep) over its seeds.
     *
     * @param arm        the experiment's part
     * @param method     the method's label
     * @param group      the sweep cell, or null
     * @param valueField the field of each run's {@code run.json} {@code result} the values come from
     * @param dirs       the runs' directories (relative to the reproduction's folder), one per seed
     * @param stats      the statistics of those values
     */
    public record StatRow(String arm, String method, String group, String valueField, List<String> dirs, Stats stats) {

        public StatRow {
            dirs = List.copyOf(dirs);
        }

        public String label() {
            return group == null ? method : method + " [" + group + "]";
        }

        /** The statistics of a method in an arm and cell among {@code rows} (empty statistics when there are none). */
        public static Stats find(List<StatRow> rows, String arm, String method, String group) {
            return rows.stream().filter(r -> r.arm().equals(arm) && r.method().equals(method) && java.util.Objects.equals(r.group(), group))
                    .map(StatRow::stats).findFirst().orElse(Stats.of(new double[0]));
        }

        /** The cells of an arm among {@code rows}, in running order. */
        public static List<String> groups(List<StatRow> rows, String arm) {
            return rows.stream().filter(r -> r.arm().equals(arm)).map(StatRow::group).distinct().toList();
        }
    }

    /** A report for an experiment that could not run here, saying why. */
    public static ExperimentReport notTestable(Experiment e, String why, List<ReportDocument.Block> body) {
        return new ExperimentReport(e.name(), e.title(), e.claim(), why, Verdict.NOT_TESTABLE, body, List.of(), List.of());
    }
}
