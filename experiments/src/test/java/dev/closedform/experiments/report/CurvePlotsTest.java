package dev.closedform.experiments.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.closedform.train.EpochMetrics;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;

/** Plots people look at: decade ticks, legends off the data, plain titles, the spread of the seeds. */
class CurvePlotsTest {

    private static XYChart epochChart(List<RunResult> runs) {
        List<CurvePlots.MeanCurve> curves = CurvePlots.meanCurves(runs);
        return CurvePlots.chart("t", "epoch", "y", curves, CurvePlots.MeanCurve::epoch, CurvePlots.MeanCurve::testMetric,
                CurvePlots.MeanCurve::testMin, CurvePlots.MeanCurve::testMax);
    }

    @Test
    void metricNamesReadAsWords() {
        assertEquals("MSE", CurvePlots.metricTitle("test_mse"));
        assertEquals("relative L2", CurvePlots.metricTitle("test_rel_l2"));
        assertEquals("accuracy", CurvePlots.metricTitle("test_accuracy"));
        assertEquals("squared loss", CurvePlots.metricTitle("test_sq_loss"));
    }

    @Test
    void titlesDoNotRepeatAWord() {
        for (String metric : List.of("test_mse", "test_rel_l2", "test_accuracy", "test_sq_loss")) {
            for (String file : List.of(CurvePlots.EPOCH_FILE, CurvePlots.WALL_FILE, CurvePlots.TRAIN_FILE)) {
                String title = CurvePlots.title(file, metric);
                List<String> words = Arrays.asList(title.toLowerCase(Locale.ROOT).split("[^a-z0-9]+"));
                assertEquals(new HashSet<>(words).size(), words.size(), "a word twice in '" + title + "'");
            }
        }
        assertEquals("Test MSE vs epoch", CurvePlots.title(CurvePlots.EPOCH_FILE, "test_mse"));
    }

    @Test
    void aLogAxisRunsFromDecadeToDecade() {
        // values 0.1 ... 90: log scale, from 0.1 to 100
        XYChart c = epochChart(Runs.comparison());
        assertTrue(c.getStyler().isYAxisLogarithmic());
        double min = c.getStyler().getYAxisMin();
        double max = c.getStyler().getYAxisMax();
        assertEquals(0.1, min, 1e-12);
        assertEquals(100, max, 1e-9);
        // a range inside two decades still has both ends labelled: 0.05 ... 0.9 -> 0.01 ... 1
        List<EpochMetrics> values = new ArrayList<>();
        double[] test = {0.9, 0.5, 0.2, 0.1, 0.05};
        for (int e = 1; e <= test.length; e++) {
            values.add(new EpochMetrics(e, e, 1, test[e - 1], e));
        }
        List<RunResult> narrow = List.of(new RunResult("a", 1, "test_mse", values));
        XYChart d = epochChart(narrow);
        assertEquals(Math.floor(Math.log10(d.getStyler().getYAxisMin())), Math.log10(d.getStyler().getYAxisMin()), 1e-12);
        assertEquals(Math.ceil(Math.log10(d.getStyler().getYAxisMax())), Math.log10(d.getStyler().getYAxisMax()), 1e-12);
        assertTrue(d.getStyler().getYAxisMax() / d.getStyler().getYAxisMin() >= 100, "two decades, three labels");
    }

    @Test
    void legendsSitOutsideThePlot() {
        assertEquals(Styler.LegendPosition.OutsideE, epochChart(Runs.comparison()).getStyler().getLegendPosition());
    }

    @Test
    void severalSeedsShowTheirRange() {
        XYChart c = epochChart(Runs.comparison());
        XYSeries band = c.getSeriesMap().get("sgd (seed range)");
        assertNotNull(band, "sgd has 3 seeds: " + c.getSeriesMap().keySet());
        assertEquals(XYSeries.XYSeriesRenderStyle.PolygonArea, band.getXYSeriesRenderStyle());
        assertFalse(band.isShowInLegend());
        // the outline runs along the highest seed, then back along the lowest: finals 0.9 and 0.5
        double[] y = band.getYData();
        assertEquals(10, y.length);
        assertEquals(0.9, y[4], 1e-12);
        assertEquals(0.5, y[5], 1e-12);
        assertEquals(0.9 * 100, y[0], 1e-9);
        assertFalse(c.getSeriesMap().containsKey("adam (seed range)"), "one seed, no band");
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 5, 4, 3, 2, 1}, band.getXData());
    }

    @Test
    void aSingleRunGetsItsLearningCurve(@TempDir Path dir) throws Exception {
        List<EpochMetrics> curve = new ArrayList<>();
        for (int e = 1; e <= 12; e++) {
            curve.add(new EpochMetrics(e, 10L * e, 2.0 / e, 3.0 / Math.sqrt(e), 0.5 * e));
        }
        Path file = dir.resolve(CurvePlots.RUN_FILE);
        CurvePlots.writeRun(file, "cf-prox seed 1", "test_rel_l2", curve);
        BufferedImage img = ImageIO.read(file.toFile());
        assertNotNull(img);
        assertEquals(CurvePlots.WIDTH, img.getWidth());
        assertEquals(CurvePlots.HEIGHT, img.getHeight());
    }
}
