package dev.closedform.experiments.iv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DemandDesignTest {

    @Test
    void gridHas2800PointsAndTheStructuralVarianceOfThePaper() {
        DemandDesign.Grid g = DemandDesign.grid();
        assertEquals(2800, g.f().length);
        double mean = 0;
        for (double v : g.f()) {
            mean += v;
        }
        mean /= g.f().length;
        double var = 0;
        for (double v : g.f()) {
            var += (v - mean) * (v - mean);
        }
        var /= g.f().length;
        assertEquals(32644, var, 50, "variance of the structural function on the grid");
        // p outermost, s innermost: the first 7 points share p = 10, t = 0 with s = 1..7; the last has p = 25, t = 10, s = 7
        assertEquals(10, g.p()[6], 0);
        assertEquals(0, g.t()[6], 0);
        assertEquals(7, g.s()[6], 0);
        assertEquals(10.0 / 19, g.t()[7], 1e-15);
        assertEquals(25, g.p()[2799], 1e-12);
        assertEquals(10, g.t()[2799], 1e-12);
        // f(10, 0, 1) = 100 + 20 psi(0) - 20, psi(0) = 2(625/600 + exp(-100) - 2)
        double psi0 = 2 * (625.0 / 600 + Math.exp(-100) - 2);
        assertEquals(80 + 20 * psi0, g.f()[0], 1e-9);
    }

    @Test
    void generatorFollowsTheDrawOrderAndFormulas() {
        int n = 50;
        double rho = 0.5;
        DemandDesign.Sample s = DemandDesign.generate(n, rho, 7);
        Random r = new Random(7);
        double[] es = new double[n];
        double[] et = new double[n];
        double[] ec = new double[n];
        double[] ev = new double[n];
        for (int i = 0; i < n; i++) {
            es[i] = 1 + r.nextInt(7);
        }
        for (int i = 0; i < n; i++) {
            et[i] = 10 * r.nextDouble();
        }
        for (int i = 0; i < n; i++) {
            ec[i] = r.nextGaussian();
        }
        for (int i = 0; i < n; i++) {
            ev[i] = r.nextGaussian();
        }
        assertArrayEquals(es, s.s(), 0);
        assertArrayEquals(et, s.t(), 0);
        assertArrayEquals(ec, s.c(), 0);
        for (int i = 0; i < n; i++) {
            double psi = 2 * (Math.pow(et[i] - 5, 4) / 600 + Math.exp(-4 * (et[i] - 5) * (et[i] - 5)) + et[i] / 10 - 2);
            double p = 25 + (ec[i] + 3) * psi + ev[i];
            assertEquals(p, s.p()[i], 1e-12);
            double e = rho * ev[i] + Math.sqrt(1 - rho * rho) * r.nextGaussian();
            assertEquals(100 + (10 + p) * es[i] * psi - 2 * p + e, s.y()[i], 1e-9);
        }
        assertArrayEquals(s.y(), DemandDesign.generate(n, rho, 7).y(), 0, "same seed, same sample");
        assertTrue(s.y()[0] != DemandDesign.generate(n, rho, 8).y()[0], "different seed, different sample");
        assertThrows(IllegalArgumentException.class, () -> DemandDesign.generate(10, 1.5, 1));
    }

    @Test
    void priceIsEndogenousThroughV() {
        // Correlation between p - E[p | c, t] (= v) and the outcome noise is rho: check on a large sample.
        int n = 20000;
        DemandDesign.Sample s = DemandDesign.generate(n, 0.9, 3);
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < n; i++) {
            double v = s.p()[i] - 25 - (s.c()[i] + 3) * DemandDesign.psi(s.t()[i]);
            double e = s.y()[i] - DemandDesign.structural(s.p()[i], s.t()[i], s.s()[i]);
            sxy += v * e;
            sxx += v * v;
            syy += e * e;
        }
        assertEquals(0.9, sxy / Math.sqrt(sxx * syy), 0.02);
        assertEquals(1.0, syy / n, 0.05);
    }
}
