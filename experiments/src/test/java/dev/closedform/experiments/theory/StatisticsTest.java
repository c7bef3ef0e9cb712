package dev.closedform.experiments.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The Wilson interval and the power-law fit against values worked out by hand. */
class StatisticsTest {

    @Test
    void wilsonIntervalMatchesHandComputedValues() {
        // k = 5 of n = 10: centre 0.5, half width z sqrt(0.025 + z^2/400) / (1 + z^2/10)
        BinomialInterval half = BinomialInterval.of(5, 10);
        assertEquals(0.2366, half.lower(), 5e-5);
        assertEquals(0.7634, half.upper(), 5e-5);
        // k = 0: the lower end is 0 and the upper end z^2 / (n + z^2)
        BinomialInterval none = BinomialInterval.of(0, 100);
        assertEquals(0, none.lower(), 1e-15);
        double z2 = BinomialInterval.Z95 * BinomialInterval.Z95;
        assertEquals(z2 / (100 + z2), none.upper(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> BinomialInterval.of(3, 2));
    }

    @Test
    void powerLawFitRecoversAnExponent() {
        double[] x = {64, 256, 1024, 4096, 16384};
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = 3.0 * Math.pow(x[i], -0.5);
        }
        PowerLawFit exact = PowerLawFit.of(x, y);
        assertEquals(-0.5, exact.exponent(), 1e-12);
        assertEquals(3.0, exact.prefactor(), 1e-10);
        assertEquals(0.0, exact.standardError(), 1e-12);
        Random random = new Random(1);
        for (int i = 0; i < x.length; i++) {
            y[i] *= Math.exp(0.1 * random.nextGaussian());
        }
        PowerLawFit noisy = PowerLawFit.of(x, y);
        assertTrue(noisy.standardError() > 0 && Math.abs(noisy.exponent() + 0.5) < 4 * noisy.standardError() + 0.05);
    }
}
