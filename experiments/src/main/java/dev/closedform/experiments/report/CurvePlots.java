package dev.closedform.experiments.report;

import dev.closedform.data.AtomicFiles;
import dev.closedform.train.EpochMetrics;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Learning-curve PNGs of a comparison: one line per method, the mean over its seeds. */
public final class CurvePlots {

    public static final int WIDTH = 900;
    public static final int HEIGHT = 560;
    public static final String EPOCH_FILE = "curves_epoch.png";
    public static final String WALL_FILE = "curves_wall.png";
    public static final String TRAIN_FILE = "train_loss.png";

    /** Log y-axis once the plotted values span more than this factor. */
    static final double LOG_SPAN = 10.0;

    /** Seed-averaged curve of one method. Epochs past the shortest seed are dropped so every point averages all seeds. */
    public record MeanCurve(String label, double[] epoch, double[] testMetric, double[] trainLoss, double[] wallSeconds) {}

    static {
        Headless.ensure();
    }

    private CurvePlots() {}

    /** Mean curves per label, in first-seen order. */
    public static List<MeanCurve> meanCurves(List<RunResult> runs) {
        List<MeanCurve> out = new ArrayList<>();
        for (Map.Entry<String, List<RunResult>> e : MethodStats.groupByLabel(runs).entrySet()) {
            List<RunResult> rs = e.getValue();
            int len = Integer.MAX_VALUE;
            for (RunResult r : rs) {
                len = Math.min(len, r.curve().size());
            }
            double[] epoch = new double[len];
            double[] test = new double[len];
            double[] train = new double[len];
            double[] wall = new double[len];
            for (int i = 0; i < len; i++) {
                epoch[i] = rs.get(0).curve().get(i).epoch();
                test[i] = mean(rs, i, EpochMetrics::testMetric);
                train[i] = mean(rs, i, EpochMetrics::trainLoss);
                wall[i] = mean(rs, i, EpochMetrics::wallSeconds);
            }
            out.add(new MeanCurve(e.getKey(), epoch, test, train, wall));
        }
        return out;
    }

    private static double mean(List<RunResult> rs, int i, ToDoubleFunction<EpochMetrics> f) {
        double s = 0;
        for (RunResult r : rs) {
            s += f.applyAsDouble(r.curve().get(i));
        }
        return s / rs.size();
    }

    /** Writes the three PNGs into {@code dir}; returns their paths (epoch, wall, train). */
    public static List<Path> writeAll(Path dir, String metricName, List<RunResult> runs) throws IOException {
        List<MeanCurve> curves = meanCurves(runs);
        Path epoch = dir.resolve(EPOCH_FILE);
        Path wall = dir.resolve(WALL_FILE);
        Path train = dir.resolve(TRAIN_FILE);
        writePng(chart("Test " + metricName + " vs epoch (mean over seeds)", "epoch", metricName,
                curves, MeanCurve::epoch, MeanCurve::testMetric), epoch);
        writePng(chart("Test " + metricName + " vs training wall time (mean over seeds)", "wall seconds", metricName,
                curves, MeanCurve::wallSeconds, MeanCurve::testMetric), wall);
        writePng(chart("Train loss vs epoch (mean over seeds)", "epoch", "train loss",
                curves, MeanCurve::epoch, MeanCurve::trainLoss), train);
        return List.of(epoch, wall, train);
    }

    static XYChart chart(String title, String xTitle, String yTitle, List<MeanCurve> curves,
                         java.util.function.Function<MeanCurve, double[]> xs,
                         java.util.function.Function<MeanCurve, double[]> ys) {
        XYChart chart = styledChart(title, xTitle, yTitle);
        chart.getStyler().setXAxisDecimalPattern("0.###");

        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        List<double[][]> cleaned = new ArrayList<>();
        for (MeanCurve c : curves) {
            double[][] xy = finitePoints(xs.apply(c), ys.apply(c));
            cleaned.add(xy);
            for (double v : xy[1]) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        boolean log = lo > 0 && hi / lo > LOG_SPAN;
        chart.getStyler().setYAxisLogarithmic(log);
        if (!log) {
            // plain numbers where they read well, scientific notation only for very large or small values
            boolean plain = hi < 1e5 && (lo >= 1e-3 || lo <= 0);
            chart.getStyler().setYAxisDecimalPattern(plain ? "#,##0.####" : "0.###E0");
        }
        for (int k = 0; k < curves.size(); k++) {
            double[][] xy = cleaned.get(k);
            if (xy[0].length == 0) {
                continue; // diverged from the start: nothing to draw; the table still shows NaN
            }
            if (log) {
                xy = positivePoints(xy);
            }
            XYSeries series = chart.addSeries(curves.get(k).label(), xy[0], xy[1]);
            series.setMarker(xy[0].length <= 40 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
            series.setLineStyle(new BasicStroke(2f));
        }
        if (chart.getSeriesMap().isEmpty()) {
            // XChart refuses to paint an empty chart; keep the file so links in the report are never broken.
            chart.addSeries("no finite values", new double[] {0}, new double[] {0});
        }
        return chart;
    }

    /** An empty chart in the house style (white background, light grid, legend inside top right). */
    public static XYChart styledChart(String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesColor(new Color(225, 225, 225));
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        chart.getStyler().setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        chart.getStyler().setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        chart.getStyler().setAntiAlias(true);
        return chart;
    }

    private static double[][] finitePoints(double[] x, double[] y) {
        int n = 0;
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                n++;
            }
        }
        double[][] out = new double[2][n];
        int k = 0;
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                out[0][k] = x[i];
                out[1][k++] = y[i];
            }
        }
        return out;
    }

    private static double[][] positivePoints(double[][] xy) {
        int n = 0;
        for (double v : xy[1]) {
            if (v > 0) {
                n++;
            }
        }
        double[][] out = new double[2][n];
        int k = 0;
        for (int i = 0; i < xy[1].length; i++) {
            if (xy[1][i] > 0) {
                out[0][k] = xy[0][i];
                out[1][k++] = xy[1][i];
            }
        }
        return out;
    }

    /** Renders {@code chart} and writes it as a PNG atomically. */
    public static void writePng(XYChart chart, Path file) throws IOException {
        writePng(BitmapEncoder.getBufferedImage(chart), file);
    }

    static void writePng(BufferedImage img, Path file) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (!ImageIO.write(img, "png", bytes)) {
            throw new IOException("no PNG writer available for " + file);
        }
        AtomicFiles.write(file, out -> bytes.writeTo(out));
    }
}
