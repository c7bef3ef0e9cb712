package dev.closedform.experiments.theory;

import dev.closedform.experiments.report.CurvePlots;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The identity's two sides by epoch, and the loss decrease of a closed-form step against an SGD step. */
final class OneStepFigure {

    private static final Color[] COLOURS = {new Color(31, 119, 180), new Color(214, 39, 40), new Color(44, 160, 44)};

    private OneStepFigure() {}

    static List<Path> write(OneStepResult r, Path dir) throws IOException {
        XYChart identity = CurvePlots.styledChart("L(W) - L(W*) on training states: measured (dots) and tr[(W-W*)H(W-W*)^T] (line)",
                "epoch", "excess loss of the head");
        identity.getStyler().setYAxisLogarithmic(true);
        XYChart steps = CurvePlots.styledChart("Loss decrease of one full-batch step from each training state",
                "epoch", "L before - L after");
        steps.getStyler().setYAxisLogarithmic(true);
        List<String> methods = r.states().stream().map(OneStepResult.StateCheck::method).distinct().toList();
        for (int k = 0; k < methods.size(); k++) {
            String method = methods.get(k);
            Color colour = COLOURS[k % COLOURS.length];
            List<OneStepResult.StateCheck> st = r.states().stream().filter(s -> s.method().equals(method)).toList();
            double[] epochs = column(st, s -> s.epoch());
            add(identity, method + ": L(W) - L(W*)", epochs, column(st, OneStepResult.StateCheck::measuredExcess), true, colour);
            add(identity, method + ": trace", epochs, column(st, OneStepResult.StateCheck::identityExcess), false, colour);
            add(steps, method + " state: SGD step", epochs, column(st, s -> s.loss() - s.sgdLoss()), true, colour);
            add(steps, method + " state: closed-form step", epochs, column(st, s -> s.loss() - s.cfLoss()), false, colour);
        }
        Path a = dir.resolve(OneStepResult.IDENTITY_FIGURE);
        Path b = dir.resolve(OneStepResult.COMPARISON_FIGURE);
        CurvePlots.writePng(identity, a);
        CurvePlots.writePng(steps, b);
        return List.of(a, b);
    }

    /** Points {@code > 0} only (log axis); a decrease that is not positive is left out of the plot, not hidden in the table. */
    private static void add(XYChart chart, String name, double[] x, double[] y, boolean dots, Color colour) {
        int n = 0;
        for (double v : y) {
            n += v > 0 && Double.isFinite(v) ? 1 : 0;
        }
        double[] px = new double[n];
        double[] py = new double[n];
        int k = 0;
        for (int i = 0; i < y.length; i++) {
            if (y[i] > 0 && Double.isFinite(y[i])) {
                px[k] = x[i];
                py[k++] = y[i];
            }
        }
        if (n == 0) {
            return;
        }
        XYSeries s = chart.addSeries(name, px, py);
        s.setLineColor(colour);
        s.setMarkerColor(colour);
        if (dots) {
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            s.setMarker(SeriesMarkers.CIRCLE);
        } else {
            s.setMarker(SeriesMarkers.NONE);
            s.setLineStyle(new BasicStroke(2f));
        }
    }

    private static double[] column(List<OneStepResult.StateCheck> st, ToDoubleFunction<OneStepResult.StateCheck> f) {
        return st.stream().mapToDouble(f).toArray();
    }
}
