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
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Learning-curve PNGs of a comparison (one line per method: the mean over its seeds, with a band from
 * the lowest to the highest seed when there are several) and of a single run.
 *
 * <p>Axes: a y-axis whose values span more than {@link #LOG_SPAN} is logarithmic and runs from decade to
 * decade, so that every decade in the range is a labelled tick. Legends sit outside the plot area, to the
 * right, so they never cover a curve.
 */
public final class CurvePlots {

    public static final int WIDTH = 900;
    public static final int HEIGHT = 560;
    public static final String EPOCH_FILE = "curves_epoch.png";
    public static final String WALL_FILE = "curves_wall.png";
    public static final String TRAIN_FILE = "train_loss.png";
    /** The learning curve of a single run, written next to its metrics. */
    public static final String RUN_FILE = "learning_curve.png";

    /** Log y-axis once the plotted values span more than this factor. */
    static final double LOG_SPAN = 10.0;

    /** Line colours, one per method in order; each band is its line's colour, translucent. */
    private static final Color[] PALETTE = {
        new Color(31, 119, 180), new Color(214, 39, 40), new Color(44, 160, 44), new Color(255, 127, 14),
        new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194), new Color(127, 127, 127),
        new Color(188, 189, 34), new Color(23, 190, 207)};
    private static final int BAND_ALPHA = 56;

    /**
     * Seed statistics of one method's curve per epoch: the mean, and the lowest and highest seed (equal to
     * the mean for a single seed). Epochs past the shortest seed are dropped so every point covers all seeds.
     */
    public record MeanCurve(String label, int seeds, double[] epoch, double[] testMetric, double[] trainLoss,
                            double[] wallSeconds, double[] testMin, double[] testMax, double[] trainMin, double[] trainMax) {

        /** A curve of one seed: no spread. */
        public MeanCurve(String label, double[] epoch, double[] testMetric, double[] trainLoss, double[] wallSeconds) {
            this(label, 1, epoch, testMetric, trainLoss, wallSeconds, testMetric, testMetric, trainLoss, trainLoss);
        }
    }

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
            double[][] test = new double[3][len];
            double[][] train = new double[3][len];
            double[] wall = new double[len];
            for (int i = 0; i < len; i++) {
                epoch[i] = rs.get(0).curve().get(i).epoch();
                stats(rs, i, EpochMetrics::testMetric, test);
                stats(rs, i, EpochMetrics::trainLoss, train);
                wall[i] = mean(rs, i, EpochMetrics::wallSeconds);
            }
            out.add(new MeanCurve(e.getKey(), rs.size(), epoch, test[0], train[0], wall, test[1], test[2], train[1], train[2]));
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

    /** Mean, min and max over the seeds at epoch index {@code i}, into {@code out[0..2][i]}. */
    private static void stats(List<RunResult> rs, int i, ToDoubleFunction<EpochMetrics> f, double[][] out) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (RunResult r : rs) {
            double v = f.applyAsDouble(r.curve().get(i));
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        out[0][i] = mean(rs, i, f);
        out[1][i] = min;
        out[2][i] = max;
    }

    /**
     * A metric's name for titles and axes: {@code test_mse} is "MSE", {@code test_rel_l2} "relative L2",
     * {@code test_sq_loss} "squared loss", {@code test_accuracy} "accuracy".
     */
    public static String metricTitle(String metric) {
        List<String> words = new ArrayList<>();
        for (String w : metric.replaceFirst("^test_", "").split("_")) {
            words.add(switch (w) {
                case "mse", "rmse", "mae" -> w.toUpperCase(java.util.Locale.ROOT);
                case "l2", "l1" -> "L" + w.substring(1);
                case "rel" -> "relative";
                case "sq" -> "squared";
                case "acc" -> "accuracy";
                default -> w;
            });
        }
        return String.join(" ", words);
    }

    /** "(mean of 3 seeds; band: lowest to highest)", or "" for one seed. */
    private static String seedNote(List<MeanCurve> curves) {
        int seeds = curves.stream().mapToInt(MeanCurve::seeds).max().orElse(1);
        return seeds > 1 ? " (mean of " + seeds + " seeds; band: lowest to highest)" : "";
    }

    /** Writes the three PNGs into {@code dir}; returns their paths (epoch, wall, train). */
    public static List<Path> writeAll(Path dir, String metricName, List<RunResult> runs) throws IOException {
        List<MeanCurve> curves = meanCurves(runs);
        Path epoch = dir.resolve(EPOCH_FILE);
        Path wall = dir.resolve(WALL_FILE);
        Path train = dir.resolve(TRAIN_FILE);
        String metric = metricTitle(metricName);
        String note = seedNote(curves);
        writePng(chart(title(EPOCH_FILE, metricName) + note, "epoch", "test " + metric,
                curves, MeanCurve::epoch, MeanCurve::testMetric, MeanCurve::testMin, MeanCurve::testMax), epoch);
        writePng(chart(title(WALL_FILE, metricName) + note, "wall seconds", "test " + metric,
                curves, MeanCurve::wallSeconds, MeanCurve::testMetric, MeanCurve::testMin, MeanCurve::testMax), wall);
        writePng(chart(title(TRAIN_FILE, metricName) + note, "epoch", "training loss",
                curves, MeanCurve::epoch, MeanCurve::trainLoss, MeanCurve::trainMin, MeanCurve::trainMax), train);
        return List.of(epoch, wall, train);
    }

    /** The title of one of the comparison's plots ({@link #EPOCH_FILE}, {@link #WALL_FILE}, {@link #TRAIN_FILE}). */
    public static String title(String file, String metricName) {
        return switch (file) {
            case EPOCH_FILE -> "Test " + metricTitle(metricName) + " vs epoch";
            case WALL_FILE -> "Test " + metricTitle(metricName) + " vs training wall time";
            case TRAIN_FILE -> "Training loss vs epoch";
            default -> throw new IllegalArgumentException("no plot " + file);
        };
    }

    /**
     * The learning curve of one run: training loss (top) and test metric (bottom) against epoch, one PNG of
     * {@link #WIDTH} x {@link #HEIGHT}.
     *
     * @param label the run, e.g. {@code cf-prox seed 1}, for the titles
     */
    public static void writeRun(Path file, String label, String metricName, List<EpochMetrics> curve) throws IOException {
        double[] epoch = curve.stream().mapToDouble(EpochMetrics::epoch).toArray();
        double[] test = curve.stream().mapToDouble(EpochMetrics::testMetric).toArray();
        double[] train = curve.stream().mapToDouble(EpochMetrics::trainLoss).toArray();
        double[] wall = curve.stream().mapToDouble(EpochMetrics::wallSeconds).toArray();
        List<MeanCurve> one = List.of(new MeanCurve(label, epoch, test, train, wall));
        String metric = metricTitle(metricName);
        XYChart top = chart(HEIGHT / 2, label + ": training loss", "epoch", "training loss", one,
                MeanCurve::epoch, MeanCurve::trainLoss, null, null);
        XYChart bottom = chart(HEIGHT - HEIGHT / 2, label + ": test " + metric, "epoch", "test " + metric, one,
                MeanCurve::epoch, MeanCurve::testMetric, null, null);
        for (XYChart c : List.of(top, bottom)) {
            c.getStyler().setLegendVisible(false); // one series: the title names it
        }
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = image.createGraphics();
        try {
            g.drawImage(BitmapEncoder.getBufferedImage(top), 0, 0, null);
            g.drawImage(BitmapEncoder.getBufferedImage(bottom), 0, HEIGHT / 2, null);
        } finally {
            g.dispose();
        }
        writePng(image, file);
    }

    /** A chart of the curves without bands. */
    static XYChart chart(String title, String xTitle, String yTitle, List<MeanCurve> curves,
                         Function<MeanCurve, double[]> xs, Function<MeanCurve, double[]> ys) {
        return chart(HEIGHT, title, xTitle, yTitle, curves, xs, ys, null, null);
    }

    /**
     * A chart of the curves, each with a band from {@code lows} to {@code highs} (none when they are null
     * or equal to the curve).
     */
    static XYChart chart(String title, String xTitle, String yTitle, List<MeanCurve> curves,
                         Function<MeanCurve, double[]> xs, Function<MeanCurve, double[]> ys,
                         Function<MeanCurve, double[]> lows, Function<MeanCurve, double[]> highs) {
        return chart(HEIGHT, title, xTitle, yTitle, curves, xs, ys, lows, highs);
    }

    private static XYChart chart(int height, String title, String xTitle, String yTitle, List<MeanCurve> curves,
                                 Function<MeanCurve, double[]> xs, Function<MeanCurve, double[]> ys,
                                 Function<MeanCurve, double[]> lows, Function<MeanCurve, double[]> highs) {
        XYChart chart = styledChart(height, title, xTitle, yTitle);
        chart.getStyler().setXAxisDecimalPattern("0.###");

        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        List<double[][]> lines = new ArrayList<>();
        List<double[][]> bands = new ArrayList<>();
        for (MeanCurve c : curves) {
            double[][] xy = finitePoints(xs.apply(c), ys.apply(c));
            double[][] band = lows == null ? null : band(xs.apply(c), lows.apply(c), highs.apply(c));
            lines.add(xy);
            bands.add(band);
            for (double v : xy[1]) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            if (band != null) {
                for (double v : band[1]) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        boolean log = lo > 0 && hi / lo > LOG_SPAN;
        chart.getStyler().setYAxisLogarithmic(log);
        if (log) {
            // from decade to decade: every decade in the range gets a labelled tick (a range inside one or two
            // decades would otherwise show a single label)
            chart.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(lo))));
            chart.getStyler().setYAxisMax(Math.pow(10, Math.ceil(Math.log10(hi))));
            chart.getStyler().setYAxisLogarithmicDecadeOnly(true);
            chart.getStyler().setYAxisDecimalPattern(lo >= 1e-4 && hi <= 1e5 ? "#,##0.####" : "0E0");
        } else {
            // plain numbers where they read well, scientific notation only for very large or small values
            boolean plain = hi < 1e5 && (lo >= 1e-3 || lo <= 0);
            chart.getStyler().setYAxisDecimalPattern(plain ? "#,##0.####" : "0.###E0");
        }
        // bands first, so that every line is drawn over every band
        for (int k = 0; k < curves.size(); k++) {
            double[][] band = bands.get(k);
            if (band != null && (!log || positive(band[1]))) {
                Color c = PALETTE[k % PALETTE.length];
                XYSeries s = chart.addSeries(curves.get(k).label() + " (seed range)", band[0], band[1]);
                s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
                s.setFillColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), BAND_ALPHA));
                s.setLineColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 0));
                s.setMarker(SeriesMarkers.NONE);
                s.setShowInLegend(false);
            }
        }
        for (int k = 0; k < curves.size(); k++) {
            double[][] xy = lines.get(k);
            if (log) {
                xy = positivePoints(xy);
            }
            if (xy[0].length == 0) {
                continue; // diverged from the start: nothing to draw; the table still shows NaN
            }
            XYSeries series = chart.addSeries(curves.get(k).label(), xy[0], xy[1]);
            Color c = PALETTE[k % PALETTE.length];
            series.setLineColor(c);
            series.setMarkerColor(c);
            series.setMarker(xy[0].length <= 40 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
            series.setLineStyle(new BasicStroke(2f));
        }
        if (chart.getSeriesMap().isEmpty()) {
            // XChart refuses to paint an empty chart; keep the file so links in the report are never broken.
            chart.addSeries("no finite values", new double[] {0}, new double[] {0});
        }
        return chart;
    }

    /** An empty chart in the house style (white background, light grid, legend outside on the right). */
    public static XYChart styledChart(String title, String xTitle, String yTitle) {
        return styledChart(HEIGHT, title, xTitle, yTitle);
    }

    private static XYChart styledChart(int height, String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(height)
                .title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesColor(new Color(225, 225, 225));
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setLegendBorderColor(Color.WHITE);
        chart.getStyler().setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        chart.getStyler().setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        chart.getStyler().setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        chart.getStyler().setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        chart.getStyler().setAntiAlias(true);
        return chart;
    }

    /**
     * The closed outline of a band: along the highs, back along the lows; null when every point is finite
     * and low equals high (one seed), or when no point is finite.
     */
    private static double[][] band(double[] x, double[] low, double[] high) {
        List<Integer> keep = new ArrayList<>();
        boolean spread = false;
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(x[i]) && Double.isFinite(low[i]) && Double.isFinite(high[i])) {
                keep.add(i);
                spread |= low[i] != high[i];
            }
        }
        if (!spread || keep.size() < 2) {
            return null;
        }
        int n = keep.size();
        double[][] out = new double[2][2 * n];
        for (int k = 0; k < n; k++) {
            int i = keep.get(k);
            int j = keep.get(n - 1 - k);
            out[0][k] = x[i];
            out[1][k] = high[i];
            out[0][n + k] = x[j];
            out[1][n + k] = low[j];
        }
        return out;
    }

    private static boolean positive(double[] v) {
        for (double d : v) {
            if (!(d > 0)) {
                return false;
            }
        }
        return true;
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
