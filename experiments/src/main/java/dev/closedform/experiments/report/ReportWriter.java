package dev.closedform.experiments.report;

import dev.closedform.data.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes a comparison report: {@code report.md}, {@code report.html} (self-contained apart from the
 * PNGs next to it, referenced by relative name) and the three learning-curve PNGs of {@link CurvePlots}.
 */
public final class ReportWriter {

    public static final String MARKDOWN_FILE = "report.md";
    public static final String HTML_FILE = "report.html";

    /** Paths of everything one call wrote. */
    public record ReportFiles(Path markdown, Path html, List<Path> plots) {}

    private ReportWriter() {}

    /** Writes the report into {@code dir} (created if needed); every file is replaced atomically. */
    public static ReportFiles write(Path dir, ReportSpec spec, List<RunResult> runs) throws IOException {
        String metric = SummaryWriter.commonMetric(runs);
        List<MethodStats> stats = MethodStats.of(runs, spec.higherIsBetter());
        List<Path> plots = CurvePlots.writeAll(dir, metric, runs);
        Path md = dir.resolve(MARKDOWN_FILE);
        Path html = dir.resolve(HTML_FILE);
        AtomicFiles.writeString(md, markdown(spec, metric, stats, runs));
        AtomicFiles.writeString(html, html(spec, metric, stats, runs));
        return new ReportFiles(md, html, plots);
    }

    // ---------------------------------------------------------------- shared text

    private static final String[] HEADER = {
        "rank", "method", "%s mean ± std", "best (%s) seed", "min", "max", "seeds",
        "final train loss", "wall s", "steps", "ms / step", "s / epoch"
    };

    /** The table header; each extra test metric (e.g. {@code test_sq_loss}) adds a column after the main metric's. */
    static String[] header(String metric, boolean higherIsBetter, List<String> extras) {
        List<String> h = new ArrayList<>(List.of(HEADER));
        h.set(2, String.format(Locale.ROOT, h.get(2), metric));
        h.set(3, String.format(Locale.ROOT, h.get(3), higherIsBetter ? "max" : "min"));
        for (int i = 0; i < extras.size(); i++) {
            h.add(3 + i, extras.get(i) + " mean ± std");
        }
        return h.toArray(String[]::new);
    }

    static String[] row(int rank, MethodStats m, List<String> extras) {
        List<String> cells = new ArrayList<>(List.of(
            Integer.toString(rank), m.label(), fmt(m.mean()) + " ± " + fmt(m.std()), Long.toString(m.bestSeed()),
            fmt(m.min()), fmt(m.max()), Integer.toString(m.nSeeds()), fmt(m.meanTrainLoss()),
            fixed(m.meanWallSeconds(), 2), steps(m.meanSteps()), fixed(m.msPerStep(), 3), fixed(m.secondsPerEpoch(), 2)));
        for (int i = 0; i < extras.size(); i++) {
            MethodStats.Spread s = m.extras().get(extras.get(i));
            cells.add(3 + i, s == null ? "" : fmt(s.mean()) + " ± " + fmt(s.std()));
        }
        return cells.toArray(String[]::new);
    }

    /** The sentence naming the winner, with an honest caveat when the gap is within the noise. */
    static String winnerSentence(String metric, List<MethodStats> stats, boolean higherIsBetter) {
        MethodStats w = stats.get(0);
        if (Double.isNaN(w.mean())) {
            return "No method finished with a finite " + metric + " on every seed; there is no winner.";
        }
        String base = String.format(Locale.ROOT, "The winner is %s with mean %s %s ± %s over %d seed%s",
                w.label(), metric, fmt(w.mean()), fmt(w.std()), w.nSeeds(), w.nSeeds() == 1 ? "" : "s");
        if (stats.size() == 1) {
            return base + " (the only method compared).";
        }
        MethodStats r = stats.get(1);
        String cmp = higherIsBetter ? "higher" : "lower";
        String ratio = "";
        if (higherIsBetter && Double.isFinite(r.mean())) {
            // scores such as accuracy: a ratio of 0.888 to 0.884 reads as "1.00x"; the difference says it
            ratio = String.format(Locale.ROOT, ", %s %s than", fmt(w.mean() - r.mean()), cmp);
        } else if (w.mean() > 0 && r.mean() > 0 && Double.isFinite(r.mean())) {
            ratio = String.format(Locale.ROOT, ", %sx %s than", fixed(r.mean() / w.mean(), 2), cmp);
        } else {
            ratio = ", " + cmp + " than";
        }
        String s = String.format(Locale.ROOT, "%s%s the runner-up %s (%s ± %s).", base, ratio, r.label(),
                fmt(r.mean()), fmt(r.std()));
        if (Math.abs(w.mean() - r.mean()) <= Math.max(w.std(), r.std())) {
            s += " The gap is within one standard deviation over seeds, so this ranking is not conclusive.";
        }
        return s;
    }

    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        return a >= 1e-3 && a < 1e5 ? String.format(Locale.ROOT, "%.4g", v) : String.format(Locale.ROOT, "%.3e", v);
    }

    private static String fixed(double v, int decimals) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + decimals + "f", v) : fmt(v);
    }

    private static String steps(double meanSteps) {
        return meanSteps == Math.rint(meanSteps) ? Long.toString((long) meanSteps) : fixed(meanSteps, 1);
    }

    private static String plotCaption(String file, String metric) {
        return CurvePlots.title(file, metric);
    }

    private static final String[] PLOT_FILES = {CurvePlots.EPOCH_FILE, CurvePlots.WALL_FILE, CurvePlots.TRAIN_FILE};

    // ---------------------------------------------------------------- Markdown

    static String markdown(ReportSpec spec, String metric, List<MethodStats> stats, List<RunResult> runs) {
        StringBuilder b = new StringBuilder();
        b.append("# ").append(spec.title()).append("\n\n");
        b.append("Task: `").append(spec.task()).append("` · metric: `").append(metric).append("` (")
                .append(spec.higherIsBetter() ? "higher" : "lower").append(" is better) · ")
                .append(runs.size()).append(" runs\n\n");
        if (!spec.commandLine().isBlank()) {
            b.append("Command / configuration:\n\n```\n").append(spec.commandLine().strip()).append("\n```\n\n");
        }
        b.append("## Results\n\n");
        b.append(winnerSentence(metric, stats, spec.higherIsBetter())).append("\n\n");
        b.append("Methods sorted by mean final ").append(metric)
                .append("; ± is the sample standard deviation over seeds; wall time excludes evaluation.\n\n");
        List<String> extras = MethodStats.extraNames(runs);
        String[] h = header(metric, spec.higherIsBetter(), extras);
        mdRow(b, h);
        b.append('|');
        for (int i = 0; i < h.length; i++) {
            b.append(i <= 1 ? "---|" : "---:|");
        }
        b.append('\n');
        for (int i = 0; i < stats.size(); i++) {
            mdRow(b, row(i + 1, stats.get(i), extras));
        }
        b.append('\n');
        if (!spec.notes().isEmpty()) {
            b.append("## Notes\n\n");
            for (String note : spec.notes()) {
                b.append(note.strip()).append("\n\n");
            }
        }
        b.append("## Learning curves\n\n");
        for (String f : PLOT_FILES) {
            b.append("![").append(plotCaption(f, metric)).append("](").append(f).append(")\n\n");
        }
        b.append("## Runs\n\n");
        mdRow(b, new String[] {"method", "seed", "final " + metric, "final train loss", "wall s", "steps"});
        b.append("|---|---:|---:|---:|---:|---:|\n");
        for (RunResult r : runs) {
            mdRow(b, new String[] {r.label(), Long.toString(r.seed()), fmt(r.finalTestMetric()),
                fmt(r.finalTrainLoss()), fixed(r.wallSeconds(), 2), Long.toString(r.steps())});
        }
        return b.toString();
    }

    private static void mdRow(StringBuilder b, String[] cells) {
        b.append('|');
        for (String c : cells) {
            b.append(' ').append(c.replace("|", "\\|")).append(" |");
        }
        b.append('\n');
    }

    // ---------------------------------------------------------------- HTML

    private static final String CSS = String.join("\n",
            "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:1000px;margin:2em auto;"
                    + "padding:0 1em;color:#222;line-height:1.45}",
            "h1{font-size:1.6em;border-bottom:2px solid #ddd;padding-bottom:.3em}",
            "h2{font-size:1.25em;margin-top:1.6em}",
            "pre{background:#f5f5f5;padding:.8em;overflow-x:auto;border-radius:4px}",
            "table{border-collapse:collapse;margin:1em 0;font-size:.92em}",
            "th,td{border:1px solid #ccc;padding:.35em .6em}",
            "th{background:#f0f0f0}",
            "td.num{text-align:right;font-variant-numeric:tabular-nums}",
            "tr.winner td{background:#eef7ee;font-weight:600}",
            ".winner-text{font-size:1.05em}",
            ".meta{color:#555}",
            "figure{margin:1em 0}",
            "figure img{max-width:100%;border:1px solid #eee}",
            "figcaption{color:#555;font-size:.9em}");

    static String html(ReportSpec spec, String metric, List<MethodStats> stats, List<RunResult> runs) {
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(esc(spec.title())).append("</title>\n<style>\n").append(CSS).append("\n</style>\n</head>\n<body>\n");
        b.append("<h1>").append(esc(spec.title())).append("</h1>\n");
        b.append("<p class=\"meta\">Task: <code>").append(esc(spec.task())).append("</code> &middot; metric: <code>")
                .append(esc(metric)).append("</code> (").append(spec.higherIsBetter() ? "higher" : "lower")
                .append(" is better) &middot; ").append(runs.size()).append(" runs</p>\n");
        if (!spec.commandLine().isBlank()) {
            b.append("<p>Command / configuration:</p>\n<pre>").append(esc(spec.commandLine().strip())).append("</pre>\n");
        }
        b.append("<h2>Results</h2>\n<p class=\"winner-text\">")
                .append(esc(winnerSentence(metric, stats, spec.higherIsBetter()))).append("</p>\n");
        b.append("<p class=\"meta\">Methods sorted by mean final ").append(esc(metric))
                .append("; &plusmn; is the sample standard deviation over seeds; wall time excludes evaluation.</p>\n");
        List<String> extras = MethodStats.extraNames(runs);
        b.append("<table>\n<tr>");
        for (String h : header(metric, spec.higherIsBetter(), extras)) {
            b.append("<th>").append(esc(h)).append("</th>");
        }
        b.append("</tr>\n");
        for (int i = 0; i < stats.size(); i++) {
            String[] cells = row(i + 1, stats.get(i), extras);
            b.append(i == 0 && !Double.isNaN(stats.get(0).mean()) ? "<tr class=\"winner\">" : "<tr>");
            for (int c = 0; c < cells.length; c++) {
                b.append(c == 1 ? "<td>" : "<td class=\"num\">").append(esc(cells[c])).append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</table>\n");
        if (!spec.notes().isEmpty()) {
            b.append("<h2>Notes</h2>\n");
            for (String note : spec.notes()) {
                b.append("<p>").append(esc(note.strip())).append("</p>\n");
            }
        }
        b.append("<h2>Learning curves</h2>\n");
        for (String f : PLOT_FILES) {
            b.append("<figure><img src=\"").append(f).append("\" alt=\"").append(esc(plotCaption(f, metric)))
                    .append("\"><figcaption>").append(esc(plotCaption(f, metric))).append(" (mean over seeds)</figcaption></figure>\n");
        }
        b.append("<h2>Runs</h2>\n<table>\n<tr><th>method</th><th>seed</th><th>final ").append(esc(metric))
                .append("</th><th>final train loss</th><th>wall s</th><th>steps</th></tr>\n");
        for (RunResult r : runs) {
            b.append("<tr><td>").append(esc(r.label())).append("</td><td class=\"num\">").append(r.seed())
                    .append("</td><td class=\"num\">").append(fmt(r.finalTestMetric()))
                    .append("</td><td class=\"num\">").append(fmt(r.finalTrainLoss()))
                    .append("</td><td class=\"num\">").append(fixed(r.wallSeconds(), 2))
                    .append("</td><td class=\"num\">").append(r.steps()).append("</td></tr>\n");
        }
        b.append("</table>\n</body>\n</html>\n");
        return b.toString();
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&': b.append("&amp;"); break;
                case '<': b.append("&lt;"); break;
                case '>': b.append("&gt;"); break;
                case '"': b.append("&quot;"); break;
                case '\'': b.append("&#39;"); break;
                default: b.append(c);
            }
        }
        return b.toString();
    }
}
