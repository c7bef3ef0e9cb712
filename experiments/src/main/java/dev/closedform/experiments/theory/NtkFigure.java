package dev.closedform.experiments.theory;

import dev.closedform.experiments.report.CurvePlots;
import java.awt.BasicStroke;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The convergence plot: distances against width on log-log axes, with the fitted rate and an m^-1/2 guide. */
final class NtkFigure {

    private NtkFigure() {}

    static Path write(NtkResult r, Path dir) throws IOException {
        List<NtkResult.WidthSummary> rows = r.byWidth();
        double[] widths = rows.stream().mapToDouble(NtkResult.WidthSummary::width).toArray();
        XYChart chart = CurvePlots.styledChart("cf-full on f(x) = W relu(Ax)/sqrt(m): distance to kernel ridge regression",
                "width m", "relative L2 distance of test predictions");
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSW);
        chart.getStyler().setYAxisDecimalPattern("0.#E0");
        line(chart, "trained network vs KRR with K1 (the limit)", widths, column(rows, NtkResult.WidthSummary::distance), false);
        line(chart, "network at initialisation vs KRR with K1", widths, column(rows, NtkResult.WidthSummary::initialDistance), false);
        line(chart, "trained network vs KRR with the full NTK", widths, column(rows, NtkResult.WidthSummary::ntkDistance), false);
        line(chart, "training drift of the predictions", widths, column(rows, NtkResult.WidthSummary::drift), false);
        PowerLawFit fit = r.distanceRate();
        if (Double.isFinite(fit.exponent())) {
            double[] fitted = new double[widths.length];
            double[] guide = new double[widths.length];
            for (int i = 0; i < widths.length; i++) {
                fitted[i] = fit.at(widths[i]);
                guide[i] = fit.at(widths[0]) * Math.sqrt(widths[0] / widths[i]);
            }
            line(chart, String.format(java.util.Locale.ROOT, "fit: m^%.3f", fit.exponent()), widths, fitted, true);
            line(chart, "m^-1/2 guide", widths, guide, true);
        }
        double[] gap = new double[widths.length];
        java.util.Arrays.fill(gap, r.kernelGap());
        line(chart, "KRR with the full NTK vs KRR with K1", widths, gap, true);
        Path file = dir.resolve(NtkResult.FIGURE_FILE);
        CurvePlots.writePng(chart, file);
        return file;
    }

    private static void line(XYChart chart, String name, double[] x, double[] y, boolean dashed) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setMarker(dashed ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
        s.setLineStyle(dashed
                ? new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f)
                : new BasicStroke(2f));
    }

    private static double[] column(List<NtkResult.WidthSummary> rows, ToDoubleFunction<NtkResult.WidthSummary> f) {
        return rows.stream().mapToDouble(f).toArray();
    }
}
