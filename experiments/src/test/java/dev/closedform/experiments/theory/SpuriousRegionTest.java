package dev.closedform.experiments.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.closedform.model.LastLayerModel;
import java.nio.FloatBuffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The region where every feature is off: exactly flat, exactly zero gradient, and runs that start there stay. */
class SpuriousRegionTest {

    private static final SpuriousConfig SMALL = SpuriousConfig.builder().optSeeds(60).optTrainRuns(1).optHidden(4)
            .optTrainRows(64).optEpochs(2).optPathPoints(13).build();

    private static SpuriousResult result;

    @BeforeAll
    static void run() {
        result = SpuriousRegion.run(SMALL);
    }

    @Test
    void gradientIsExactlyZeroAndLStarExactlyFlatInTheRegion() {
        SpuriousResult r = result;
        assertEquals(2, r.paths().size());
        for (SpuriousResult.StationaryPath p : r.paths()) {
            assertTrue(p.pointsInRegion() >= 3, p.setting() + ": the path barely enters the region");
            assertEquals(0.0, p.maxGradientInRegion(), 0.0, p.setting() + ": gradient in the region");
            assertEquals(0.0, p.maxDeviationInRegion(), 1e-6 * p.regionLStar(), p.setting() + ": L* is not flat");
            assertTrue(p.minLStarOutside() < p.regionLStar() - 0.05, p.setting() + ": the region is not above the best state");
            // negative control: outside the region the same computation does see a gradient
            double outside = 0;
            for (int i = 0; i < p.values().length; i++) {
                if (!p.inRegion(i)) {
                    outside = Math.max(outside, p.gradientNorm()[i]);
                }
            }
            assertTrue(outside > 1e-3, p.setting() + ": no gradient anywhere, the check is void");
        }
    }

    @Test
    void unitsOffOnEveryRowStayOffAndTheOneUnitModelStartsOffHalfTheTime() {
        SpuriousResult r = result;
        SpuriousResult.InitialCounts oneUnit = r.counts().stream()
                .filter(c -> c.setting() == SpuriousSetting.ONE_UNIT).findFirst().orElseThrow();
        // theta ~ N(0, 2) and every input is positive: the feature is off exactly when theta < 0
        BinomialInterval off = oneUnit.allDeadFraction();
        assertTrue(off.lower() < 0.5 && 0.5 < off.upper(), "one-unit model off at start: " + off);
        SpuriousResult.InitialCounts standardised = r.counts().stream()
                .filter(c -> c.setting() == SpuriousSetting.NETWORK_STANDARDISED).findFirst().orElseThrow();
        assertEquals(0, standardised.deadUnits(), "standardised inputs surround the origin: no unit can be off on all rows");
        int deadStarts = 0;
        for (SpuriousResult.TrainingOutcome t : r.training()) {
            assertEquals(t.deadUnitsAtStart(), t.stillDeadAtEnd(), t.setting() + " " + t.method() + ": a dead unit came back");
            if (t.setting() == SpuriousSetting.ONE_UNIT && t.startedWithDeadUnits()) {
                deadStarts++;
                assertEquals(t.constantLoss(), t.meanFinalTrainLoss(), 1e-6, "a run that starts off ends as the constant predictor");
            }
        }
        assertEquals(2, deadStarts, "cf-full and cf-prox both trained from the region");
    }

    @Test
    void aUnitIsDeadOnlyIfItIsOffOnEveryRow() {
        try (NDManager m = NDManager.newBaseManager();
             LastLayerModel model = new LastLayerModel(SpuriousSetting.ONE_UNIT.backbone(SMALL, 1), 1, false, 1)) {
            NDArray theta = model.trainableBackboneParameters().values().iterator().next();
            NDArray x = m.create(new float[] {-1f, 0.01f}, new Shape(2, 1));
            theta.set(FloatBuffer.wrap(new float[] {1f}));
            assertFalse(DeadUnits.flags(model, x)[0], "on (barely) for the second row");
            theta.set(FloatBuffer.wrap(new float[] {-1f}));
            assertFalse(DeadUnits.flags(model, x)[0], "on for the first row");
            theta.set(FloatBuffer.wrap(new float[] {0f}));
            assertTrue(DeadUnits.flags(model, x)[0], "theta = 0 switches every row off");
        }
    }
}
