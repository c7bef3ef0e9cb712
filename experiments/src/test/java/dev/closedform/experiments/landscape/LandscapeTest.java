package dev.closedform.experiments.landscape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LandscapeTest {

    private static double meanSquare(double[] v) {
        double s = 0;
        for (double a : v) {
            s += a * a;
        }
        return s / v.length;
    }

    @Test
    void wStarIsNoWorseThanAnyGridPointInItsColumn() {
        LandscapeResult r = Landscape.compute(LandscapeConfig.builder().optGrid(61, 401).build());
        int checked = 0;
        for (int i = 0; i < r.thetas().length; i += 5) {
            double colMin = Double.POSITIVE_INFINITY;
            for (double v : r.loss()[i]) {
                colMin = Math.min(colMin, v);
            }
            assertTrue(r.lStar()[i] <= colMin + 1e-12,
                    "theta=" + r.thetas()[i] + ": L* = " + r.lStar()[i] + " > grid column min " + colMin);
            checked++;
        }
        assertTrue(checked >= 10);
    }

    @Test
    void wStarIsAStationaryPointInW() {
        LandscapeResult r = Landscape.compute(LandscapeConfig.builder().optSeed(3).optGrid(21, 2).build());
        double h = 1e-5;
        for (int i = 0; i < r.thetas().length; i++) {
            double t = r.thetas()[i];
            double w = r.wStar()[i];
            double d = (Landscape.loss(w + h, t, r.x(), r.y(), 1e-3) - Landscape.loss(w - h, t, r.x(), r.y(), 1e-3)) / (2 * h);
            assertEquals(0.0, d, 1e-7, "dL/dW at W*(" + t + ")");
        }
    }

    @Test
    void lStarIsFlatAtMeanSquaredTargetWhereThetaKillsAllFeatures() {
        LandscapeResult r = Landscape.compute(LandscapeConfig.builder().build());
        for (double xi : r.x()) {
            assertTrue(xi > 0, "the default seed is documented to give positive inputs, got x=" + xi);
        }
        double flat = meanSquare(r.y());
        int negatives = 0;
        for (int i = 0; i < r.thetas().length; i++) {
            if (r.thetas()[i] <= 0) {
                assertEquals(0.0, r.wStar()[i], 0.0);
                assertEquals(flat, r.lStar()[i], 1e-15, "theta=" + r.thetas()[i]);
                negatives++;
            } else {
                assertTrue(r.lStar()[i] < flat, "a live feature must help at theta=" + r.thetas()[i]);
            }
        }
        assertEquals(100, negatives);
    }

    @Test
    void lStarMatchesItsAnalyticFormForMixedSignInputs() {
        // L*(theta) = mean y^2 - (mean y phi)^2 / (mean phi^2 + beta), derived by hand.
        for (long seed : new long[] {0, 1, 5, 23}) {
            LandscapeResult r = Landscape.compute(LandscapeConfig.builder().optSeed(seed).optGrid(31, 2).build());
            double[] x = r.x();
            double[] y = r.y();
            for (int i = 0; i < r.thetas().length; i++) {
                double t = r.thetas()[i];
                double yPhi = 0;
                double phi2 = 0;
                for (int k = 0; k < 3; k++) {
                    double phi = Math.max(0, t * x[k]);
                    yPhi += y[k] * phi / 3;
                    phi2 += phi * phi / 3;
                }
                double expected = meanSquare(y) - yPhi * yPhi / (phi2 + 1e-3);
                assertEquals(expected, r.lStar()[i], 1e-12, "seed " + seed + " theta " + t);
            }
        }
    }

    @Test
    void gridHasRequestedShapeAndEndpoints() {
        LandscapeResult r = Landscape.compute(LandscapeConfig.builder().optGrid(7, 5).optWRange(-2, 1).build());
        assertEquals(7, r.thetas().length);
        assertEquals(5, r.ws().length);
        assertEquals(7, r.loss().length);
        assertEquals(5, r.loss()[0].length);
        assertEquals(-3.0, r.thetas()[0]);
        assertEquals(3.0, r.thetas()[6]);
        assertEquals(-2.0, r.ws()[0]);
        assertEquals(1.0, r.ws()[4]);
        assertEquals(Landscape.loss(r.ws()[3], r.thetas()[2], r.x(), r.y(), 1e-3), r.loss()[2][3]);
    }

    @Test
    void badConfigNamesTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LandscapeConfig.builder().optBeta(-1).build());
        assertTrue(e.getMessage().contains("beta") && e.getMessage().contains("-1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LandscapeConfig.builder().optGrid(1, 10).build());
        assertTrue(e.getMessage().contains("nTheta"), e.getMessage());
    }
}
