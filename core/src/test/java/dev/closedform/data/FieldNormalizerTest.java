package dev.closedform.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.closedform.train.TestMetric;
import java.util.List;
import org.junit.jupiter.api.Test;

class FieldNormalizerTest {

    // 3 samples x 2 points; point 1 of u is constant (a Dirichlet boundary)
    private static final RegressionData TRAIN = new RegressionData(
            new float[] {1, 10, 2, 20, 3, 30}, new float[] {4, 0, 6, 0, 8, 0},
            List.of("a0", "a1"), List.of("u0", "u1"));

    @Test
    void pointwiseUsesPerPointTrainingStatistics() {
        Standardizer s = FieldNormalizer.fit(TRAIN, FieldNormalizer.Mode.POINTWISE, FieldNormalizer.Mode.POINTWISE);
        assertArrayEquals(new double[] {2, 20}, s.inputMeans(), 1e-12);
        assertArrayEquals(new double[] {Math.sqrt(2.0 / 3), Math.sqrt(200.0 / 3)}, s.inputStds(), 1e-12);
        assertArrayEquals(new double[] {6, 0}, s.targetMeans(), 1e-12);
        assertArrayEquals(new double[] {Math.sqrt(8.0 / 3), Math.sqrt(8.0 / 3)}, s.targetStds(), 1e-12,
                "a point without spread gets the pooled spread of the points that vary");
    }

    /**
     * An error of delta in training units costs delta times the field's spread in original units, at a
     * boundary point too: with scale 1 there, Darcy's fields (size 0.01) got boundary errors 100 times the field.
     */
    @Test
    void aPointWithoutSpreadMapsErrorsBackLikeTheOthers() {
        // 4 samples x 3 points: u0 and u1 vary (std 0.01 and 0.02), u2 is the boundary (always 0)
        RegressionData train = new RegressionData(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12},
                new float[] {0.01f, 0.02f, 0, -0.01f, -0.02f, 0, 0.01f, 0.02f, 0, -0.01f, -0.02f, 0},
                List.of("a0", "a1", "a2"), List.of("u0", "u1", "u2"));
        Standardizer s = FieldNormalizer.fit(train, FieldNormalizer.Mode.POINTWISE, FieldNormalizer.Mode.POINTWISE);
        double pooled = Math.sqrt((0.01 * 0.01 + 0.02 * 0.02) / 2);
        assertEquals(0.01, s.targetStds()[0], 1e-8);
        assertEquals(pooled, s.targetStds()[2], 1e-8);
        assertEquals(0, s.targetMeans()[2], 0);
        double delta = 0.3;
        double[] off = s.inverseTargets(new double[] {delta, delta, delta});
        double[] exact = s.inverseTargets(new double[] {0, 0, 0});
        assertEquals(delta * pooled, off[2] - exact[2], 1e-9, "boundary error in original units");
        // the boundary standardises to 0 in every training sample, whatever its scale
        RegressionData scaled = s.apply(train);
        for (int i = 0; i < 4; i++) {
            assertEquals(0, scaled.y(i, 2), 0);
        }
    }

    @Test
    void globalUsesOneMeanAndStdOverAllValues() {
        Standardizer s = FieldNormalizer.fit(TRAIN, FieldNormalizer.Mode.GLOBAL, FieldNormalizer.Mode.NONE);
        double mean = 66.0 / 6;
        double var = 0;
        for (double v : new double[] {1, 10, 2, 20, 3, 30}) {
            var += (v - mean) * (v - mean) / 6;
        }
        assertArrayEquals(new double[] {mean, mean}, s.inputMeans(), 1e-12);
        assertArrayEquals(new double[] {Math.sqrt(var), Math.sqrt(var)}, s.inputStds(), 1e-12);
        assertArrayEquals(new double[] {0, 0}, s.targetMeans(), 0);
        assertArrayEquals(new double[] {1, 1}, s.targetStds(), 0);
        assertEquals(FieldNormalizer.Mode.POINTWISE, FieldNormalizer.Mode.parse(" Pointwise"));
    }

    @Test
    void relativeL2IsTheMeanPerSampleRatioInOriginalUnits() {
        Standardizer s = FieldNormalizer.fit(TRAIN, FieldNormalizer.Mode.GLOBAL, FieldNormalizer.Mode.GLOBAL);
        RegressionData test = new RegressionData(new float[] {0, 0, 0, 0}, new float[] {3, 4, 0, 2},
                List.of("a0", "a1"), List.of("u0", "u1"));
        RegressionData scaled = s.apply(test);
        // predictions in original units: sample 0 off by (0, 1) -> 1/5; sample 1 off by (1, 1) -> sqrt(2)/2
        float[] original = {3, 5, 1, 3};
        float[] inTrainingUnits = new float[4];
        for (int i = 0; i < 4; i++) {
            inTrainingUnits[i] = (float) ((original[i] - s.targetMeans()[i % 2]) / s.targetStds()[i % 2]);
        }
        TestMetric m = TestMetric.relativeL2(s);
        assertEquals("test_rel_l2", m.name());
        assertEquals((0.2 + Math.sqrt(2) / 2) / 2, m.compute(inTrainingUnits, scaled), 1e-6);
        assertEquals((0.2 + Math.sqrt(2) / 2) / 2, TestMetric.relativeL2(null).compute(original, test), 1e-7);
    }
}
