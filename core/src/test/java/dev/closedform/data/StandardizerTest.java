package dev.closedform.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class StandardizerTest {
    // inputs: column 0 = 1,2,3,4 (mean 2.5, population std sqrt(1.25)); column 1 constant 7
    private static final RegressionData TRAIN = new RegressionData(
            new float[] {1, 7, 2, 7, 3, 7, 4, 7}, new float[] {10, 20, 30, 40}, List.of("a", "c"), List.of("y"));
    private static final RegressionData TEST = new RegressionData(
            new float[] {100, 8, 200, 9}, new float[] {-5, 5}, List.of("a", "c"), List.of("y"));

    @Test
    void statisticsComeFromTrainOnly() {
        Standardizer s = Standardizer.fit(TRAIN);
        assertArrayEquals(new double[] {2.5, 7}, s.inputMeans(), 1e-12);
        assertArrayEquals(new double[] {Math.sqrt(1.25), 1}, s.inputStds(), 1e-12);
        assertArrayEquals(new double[] {25}, s.targetMeans(), 1e-12);
        assertArrayEquals(new double[] {Math.sqrt(125)}, s.targetStds(), 1e-12);

        RegressionData t = s.apply(TEST);
        assertEquals((100 - 2.5) / Math.sqrt(1.25), t.x(0, 0), 1e-4);
        assertEquals(1f, t.x(0, 1), 0f); // constant column: (8 - 7) / 1
        assertEquals((-5 - 25) / Math.sqrt(125), t.y(0, 0), 1e-6);

        RegressionData tr = s.apply(TRAIN);
        double mean = 0;
        double sq = 0;
        for (int r = 0; r < 4; r++) {
            mean += tr.x(r, 0) / 4.0;
            sq += tr.x(r, 0) * tr.x(r, 0) / 4.0;
        }
        assertEquals(0, mean, 1e-6);
        assertEquals(1, sq, 1e-6);
    }

    @Test
    void flagsSelectWhatIsScaled() {
        Standardizer s = Standardizer.fit(TRAIN);
        RegressionData onlyInputs = s.apply(TEST, true, false);
        assertArrayEquals(TEST.y(), onlyInputs.y());
        RegressionData onlyTargets = s.apply(TEST, false, true);
        assertArrayEquals(TEST.x(), onlyTargets.x());
    }

    @Test
    void inverseTargetsRoundTrip() {
        Standardizer s = Standardizer.fit(TRAIN);
        float[] z = s.apply(TEST).y();
        assertArrayEquals(TEST.y(), s.inverseTargets(z), 1e-5f);
        double[] zd = {(-5 - 25) / Math.sqrt(125), 0};
        assertArrayEquals(new double[] {-5, 25}, s.inverseTargets(zd), 1e-12);
    }

    @Test
    void savedStatisticsRestore() {
        Standardizer s = Standardizer.fit(TRAIN);
        Standardizer r = Standardizer.of(s.inputMeans(), s.inputStds(), s.targetMeans(), s.targetStds());
        assertArrayEquals(s.apply(TEST).x(), r.apply(TEST).x());
        assertThrows(IllegalArgumentException.class,
                () -> Standardizer.of(new double[1], new double[] {0}, new double[1], new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> s.apply(new RegressionData(
                new float[] {1}, new float[] {1}, List.of("a"), List.of("y"))));
    }
}
