package dev.closedform.experiments.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NtkExperimentTest {

    @Test
    void widerNetworksTrainedByCfFullAreCloserToKernelRidgeRegression(@TempDir Path dir) throws Exception {
        NtkConfig c = NtkConfig.builder().optWidths(32, 2048).optSeeds(2).optRows(32, 32).optSteps(3).build();
        NtkResult r = NtkExperiment.run(c);
        assertEquals(4, r.runs().size());
        NtkResult.WidthSummary narrow = r.byWidth().get(0);
        NtkResult.WidthSummary wide = r.byWidth().get(1);
        assertTrue(wide.distance() < narrow.distance() / 3, narrow.distance() + " -> " + wide.distance());
        assertTrue(wide.drift() < narrow.drift() / 10, "training moves a wide network's predictions by O(1/m)");
        assertTrue(wide.hiddenBlockRatio() < narrow.hiddenBlockRatio() / 10, "hidden block share shrinks like 1/m");
        for (NtkResult.Measurement m : r.runs()) {
            assertEquals(c.steps(), m.steps());
            assertTrue(m.finalTrainLoss() < m.initialTrainLoss(), "cf-full's gradient steps on A lower L*");
        }
        assertEquals(TheoryClaim.Verdict.HOLDS, r.claim().verdict(), r.claim().result());
        Path png = r.writeFigures(dir).get(0);
        assertTrue(Files.size(png) > 1000);
        assertTrue(r.markdown().contains("| 2048 | 2 |"), r.markdown());
    }

    /** The verdict can say no: distances that do not shrink with width. */
    @Test
    void aDistanceThatDoesNotShrinkDoesNotHold() {
        NtkConfig c = NtkConfig.builder().optWidths(64, 256, 1024).optSeeds(1).build();
        java.util.List<NtkResult.Measurement> flat = new java.util.ArrayList<>();
        for (int w : c.widths()) {
            flat.add(new NtkResult.Measurement(w, 1, 0.1 * (1 + 0.01 * w / 64.0), 0.1, 0.01, 0.1, 0.01, 0.2, 0.1, 3));
        }
        NtkResult r = new NtkResult(c, flat, 0.05, 0.1, 0);
        assertEquals(TheoryClaim.Verdict.DOES_NOT_HOLD, r.claim().verdict());
    }
}
