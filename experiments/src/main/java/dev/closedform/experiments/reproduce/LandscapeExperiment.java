package dev.closedform.experiments.reproduce;

import dev.closedform.experiments.landscape.Landscape;
import dev.closedform.experiments.landscape.LandscapeConfig;
import dev.closedform.experiments.landscape.LandscapeResult;
import dev.closedform.experiments.report.LandscapePlot;
import dev.closedform.experiments.reproduce.ReportDocument.Block;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Figure 1 (section 5.1): the loss of {@code f(x) = W relu(theta x)} on three points with the curve
 * {@code W*(theta)}. The verdict checks what the figure shows: on every theta of the grid, {@code W*(theta)}
 * is at least as low as the lowest W of the grid, and where every feature is off {@code L*} is flat.
 * The computation is exact and takes milliseconds, so it is redone every time (the same numbers).
 */
public final class LandscapeExperiment implements Experiment {

    @Override
    public String name() {
        return "landscape";
    }

    @Override
    public String title() {
        return "Figure 1: the loss landscape (section 5.1)";
    }

    @Override
    public String claim() {
        return "For each theta the closed-form last layer W*(theta) is the lowest point of L(W, theta), so gradient descent on "
                + "L*(theta) = L(W*(theta), theta) moves along the valley floor; where every feature is off, L* is flat.";
    }

    private static LandscapeConfig config(Scale scale) {
        int grid = scale.pick(120, 200);
        return LandscapeConfig.builder().optGrid(grid, grid).build();
    }

    @Override
    public Plan plan(SuiteSettings s) {
        return new Plan(1, 1, List.of("the landscape on a " + config(s.scale()).nTheta() + " x " + config(s.scale()).nW() + " grid"));
    }

    @Override
    public void run(SuiteSettings s, Path dir, WorkMeter meter) {
        try {
            Files.createDirectories(dir);
            LandscapePlot.write(Landscape.compute(config(s.scale())), dir.resolve(LandscapePlot.FILE_NAME));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(LandscapePlot.FILE_NAME) + ": " + e.getMessage(), e);
        }
        meter.spend(1, "landscape");
        meter.finished("landscape");
    }

    @Override
    public ExperimentReport report(SuiteSettings s, Path dir, Map<String, ExperimentReport> earlier) {
        LandscapeResult r = Landscape.compute(config(s.scale()));
        int below = 0;
        double worst = 0;
        int flat = 0;
        double flatSpread = 0;
        double flatValue = Double.NaN;
        for (int i = 0; i < r.thetas().length; i++) {
            double gridMin = Double.POSITIVE_INFINITY;
            for (double v : r.loss()[i]) {
                gridMin = Math.min(gridMin, v);
            }
            if (r.lStar()[i] <= gridMin + 1e-12) {
                below++;
            }
            worst = Math.max(worst, r.lStar()[i] - gridMin);
            if (allFeaturesOff(r, r.thetas()[i])) {
                flatValue = Double.isNaN(flatValue) ? r.lStar()[i] : flatValue;
                flatSpread = Math.max(flatSpread, Math.abs(r.lStar()[i] - flatValue));
                flat++;
            }
        }
        boolean holds = below == r.thetas().length && flat > 0 && flatSpread < 1e-12;
        String result = String.format(java.util.Locale.ROOT, "L(W*(theta), theta) <= the grid's lowest L(W, theta) on %d of %d thetas "
                + "(largest excess %s); every feature off on %d thetas, where L* = %s (spread %s)", below, r.thetas().length,
                Format.num(worst), flat, Format.num(flatValue), Format.num(flatSpread));
        List<Block> body = new ArrayList<>();
        body.add(ReportDocument.paragraph("Three points drawn with seed " + r.config().seed() + ", beta "
                + Format.num(r.config().beta()) + "; the grid's theta and W run over [" + Format.num(r.config().thetaMin()) + ", "
                + Format.num(r.config().thetaMax()) + "] and [" + Format.num(r.config().wMin()) + ", " + Format.num(r.config().wMax()) + "]."));
        String rel = s.out().toAbsolutePath().normalize().relativize(dir.toAbsolutePath().normalize()).toString();
        body.add(new ReportDocument.Image(rel + "/" + LandscapePlot.FILE_NAME, LandscapePlot.TITLE));
        return new ExperimentReport(name(), title(), claim(), result, holds ? dev.closedform.experiments.theory.TheoryClaim.Verdict.HOLDS
                : dev.closedform.experiments.theory.TheoryClaim.Verdict.DOES_NOT_HOLD, body, List.of(), List.of());
    }

    private static boolean allFeaturesOff(LandscapeResult r, double theta) {
        for (double x : r.x()) {
            if (theta * x > 0) {
                return false;
            }
        }
        return true;
    }
}
