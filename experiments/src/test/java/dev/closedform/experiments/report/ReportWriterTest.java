package dev.closedform.experiments.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;

class ReportWriterTest {

    private static final ReportSpec SPEC = ReportSpec.builder()
            .setTitle("Burgers: closed-form vs SGD")
            .setTask("burgers")
            .optCommandLine("closedform compare --task burgers --methods sgd,adam,cf-prox --seeds 3")
            .optNotes(List.of("cf-prox did not beat adam at batch 5 <honest negative>.", "Second note."))
            .build();

    @Test
    void markdownListsMethodsInSortedOrderAndNamesTheWinner(@TempDir Path dir) throws Exception {
        ReportWriter.ReportFiles files = ReportWriter.write(dir, SPEC, Runs.comparison());
        String md = Files.readString(files.markdown());
        int cf = md.indexOf("| 1 | cf-prox | 0.1500 ± 0.07071 | 1 |");
        int adam = md.indexOf("| 2 | adam | 0.3000 ± 0 | 1 |");
        int sgd = md.indexOf("| 3 | sgd | 0.7000 ± 0.2000 | 1 |");
        assertTrue(cf > 0 && adam > cf && sgd > adam, md);
        assertTrue(md.contains("The winner is cf-prox with mean test_mse 0.1500"), md);
        assertTrue(md.contains("2.00x lower than the runner-up adam"), md);
        // wall 2.50 s, 50 steps, 50 ms/step, 0.5 s per epoch
        assertTrue(md.contains("| 2.50 | 50 | 50.000 | 0.50 |"), md);
        assertTrue(md.contains("closedform compare --task burgers"), md);
        assertTrue(md.contains("cf-prox did not beat adam at batch 5 <honest negative>."), md);
        for (String png : List.of("curves_epoch.png", "curves_wall.png", "train_loss.png")) {
            assertTrue(md.contains("](" + png + ")"), png);
        }
    }

    @Test
    void htmlIsSelfContainedEscapedAndLinksPlotsRelatively(@TempDir Path dir) throws Exception {
        String html = Files.readString(ReportWriter.write(dir, SPEC, Runs.comparison()).html());
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertTrue(html.contains("<style>"));
        assertTrue(html.contains("&lt;honest negative&gt;"), "notes must be escaped");
        assertFalse(html.contains("<honest negative>"));
        assertTrue(html.contains("<img src=\"curves_epoch.png\""));
        assertTrue(html.indexOf(">cf-prox<") < html.indexOf(">adam<"));
        assertTrue(html.indexOf(">adam<") < html.indexOf(">sgd<"));
        assertFalse(html.contains("http://") || html.contains("https://"), "no external resources");
    }

    @Test
    void pngsDecodeAtTheExpectedSizeAndNoTempFilesRemain(@TempDir Path dir) throws Exception {
        ReportWriter.write(dir, SPEC, Runs.comparison());
        ReportWriter.write(dir, SPEC, Runs.comparison()); // overwrite must also be clean
        for (String png : List.of(CurvePlots.EPOCH_FILE, CurvePlots.WALL_FILE, CurvePlots.TRAIN_FILE)) {
            BufferedImage img = ImageIO.read(dir.resolve(png).toFile());
            assertNotNull(img, png + " must decode");
            assertEquals(CurvePlots.WIDTH, img.getWidth());
            assertEquals(CurvePlots.HEIGHT, img.getHeight());
        }
        try (Stream<Path> files = Files.list(dir)) {
            Set<String> names = files.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
            assertEquals(Set.of("report.md", "report.html", "curves_epoch.png", "curves_wall.png", "train_loss.png"), names);
        }
    }

    @Test
    void winnerSentenceIsHonestAboutNoise() {
        List<RunResult> close = List.of(
                Runs.run("a", 1, 1.0, 1), Runs.run("a", 2, 1.4, 1),
                Runs.run("b", 1, 1.1, 1), Runs.run("b", 2, 1.5, 1));
        String s = ReportWriter.winnerSentence("test_mse", MethodStats.of(close, false), false);
        assertTrue(s.startsWith("The winner is a "), s);
        assertTrue(s.contains("not conclusive"), s);

        List<RunResult> diverged = List.of(Runs.run("a", 1, Double.NaN, 1));
        assertTrue(ReportWriter.winnerSentence("test_mse", MethodStats.of(diverged, false), false).contains("no winner"));
    }

    @Test
    void winnerSentenceGivesRatiosForErrorsAndDifferencesForScores() {
        List<RunResult> errors = List.of(Runs.run("a", 1, 1.0, 1), Runs.run("b", 1, 3.0, 1));
        String s = ReportWriter.winnerSentence("test_mse", MethodStats.of(errors, false), false);
        assertTrue(s.contains("3.00x lower than the runner-up b"), s);
        List<RunResult> scores = List.of(Runs.run("a", 1, 0.888, 1), Runs.run("b", 1, 0.884, 1));
        s = ReportWriter.winnerSentence("test_accuracy", MethodStats.of(scores, true), true);
        assertTrue(s.startsWith("The winner is a ") && s.contains(", 0.004000 higher than the runner-up b"), s);
    }

    @Test
    void meanCurvesAverageSeedsPerEpochAndStopAtTheShortestRun() {
        List<RunResult> runs = List.of(Runs.run("a", 1, 1.0, 1.0, 3, null), Runs.run("a", 2, 3.0, 1.0, 4, null));
        CurvePlots.MeanCurve c = CurvePlots.meanCurves(runs).get(0);
        assertArrayEquals(new double[] {1, 2, 3}, c.epoch());
        // epoch 1: 1.0*100 and 3.0*100^(1 - 0) = 300 -> mean 200
        assertEquals(200.0, c.testMetric()[0], 1e-9);
        // epoch 3: run 1 final 1.0; run 2 at frac 2/3 -> 3 * 100^(1/3)
        assertEquals((1.0 + 3.0 * Math.cbrt(100)) / 2, c.testMetric()[2], 1e-9);
        assertArrayEquals(new double[] {0.5, 1.0, 1.5}, c.wallSeconds(), 1e-15);
    }

    @Test
    void logScaleOnlyWhenValuesSpanMoreThanTenfold() {
        List<CurvePlots.MeanCurve> wide = CurvePlots.meanCurves(Runs.comparison());
        XYChart c = CurvePlots.chart("t", "x", "y", wide, CurvePlots.MeanCurve::epoch, CurvePlots.MeanCurve::testMetric);
        assertTrue(c.getStyler().isYAxisLogarithmic());
        CurvePlots.MeanCurve flat = new CurvePlots.MeanCurve("f", new double[] {1, 2}, new double[] {1, 5},
                new double[] {1, 1}, new double[] {1, 2});
        XYChart d = CurvePlots.chart("t", "x", "y", List.of(flat), CurvePlots.MeanCurve::epoch, CurvePlots.MeanCurve::testMetric);
        assertFalse(d.getStyler().isYAxisLogarithmic());
    }
}
