package dev.closedform.experiments.theory;

import dev.closedform.experiments.report.CurvePlots;
import java.awt.BasicStroke;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** {@code L*} (left axis) and {@code ||grad L*||} (right axis) along each path, the region's edge dashed. */
final class SpuriousFigure {

    private SpuriousFigure() {}

    static List<Path> write(SpuriousResult r, Path dir) throws IOException {
        Path one = dir.resolve(SpuriousResult.ONE_UNIT_FIGURE);
        Path net = dir.resolve(SpuriousResult.NETWORK_FIGURE);
        CurvePlots.writePng(chart(path(r, SpuriousSetting.ONE_UNIT)), one);
        CurvePlots.writePng(chart(path(r, SpuriousSetting.NETWORK_STANDARDISED)), net);
        return List.of(one, net);
    }

    private static SpuriousResult.StationaryPath path(SpuriousResult r, SpuriousSetting s) {
        return r.paths().stream().filter(p -> p.setting() == s).findFirst()
                .orElseThrow(() -> new IllegalStateException("no path for " + s));
    }

    private static XYChart chart(SpuriousResult.StationaryPath p) {
        XYChart chart = CurvePlots.styledChart("L* along " + p.parameter() + ": " + p.setting().description(),
                p.parameter(), "L*");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setXAxisDecimalPattern("0.##");
        chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
        chart.setYAxisGroupTitle(1, "||grad L*||");
        XYSeries l = chart.addSeries("L*", p.values(), p.lStar());
        l.setMarker(SeriesMarkers.NONE);
        l.setLineStyle(new BasicStroke(2.5f));
        XYSeries g = chart.addSeries("||grad L*|| (right axis)", p.values(), p.gradientNorm());
        g.setYAxisGroup(1);
        g.setMarker(SeriesMarkers.CIRCLE);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : p.lStar()) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        XYSeries edge = chart.addSeries("edge of the region (every feature off beyond)",
                new double[] {p.regionEdge(), p.regionEdge()}, new double[] {lo, hi});
        edge.setMarker(SeriesMarkers.NONE);
        edge.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        return chart;
    }
}
