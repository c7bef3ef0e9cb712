package dev.closedform.experiments.pde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class FftTest {

    /** Direct O(n^2) DFT, forward sign. */
    static double[][] dft(double[] re, double[] im) {
        int n = re.length;
        double[] or = new double[n];
        double[] oi = new double[n];
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < n; j++) {
                double t = -2 * Math.PI * ((long) j * k % n) / n;
                or[k] += re[j] * Math.cos(t) - im[j] * Math.sin(t);
                oi[k] += re[j] * Math.sin(t) + im[j] * Math.cos(t);
            }
        }
        return new double[][] {or, oi};
    }

    @Test
    void complexMatchesDirectDftAndInverts() {
        Random r = new Random(1);
        for (int n : new int[] {1, 2, 4, 8, 64, 256}) {
            double[] re = r.doubles(n, -1, 1).toArray();
            double[] im = r.doubles(n, -1, 1).toArray();
            double[][] want = dft(re, im);
            double[] fr = re.clone();
            double[] fi = im.clone();
            Fft.of(n).complex(fr, fi, false);
            for (int k = 0; k < n; k++) {
                assertEquals(want[0][k], fr[k], 1e-11 * n, "re n=" + n + " k=" + k);
                assertEquals(want[1][k], fi[k], 1e-11 * n, "im n=" + n + " k=" + k);
            }
            Fft.of(n).complex(fr, fi, true);
            for (int j = 0; j < n; j++) {
                assertEquals(re[j], fr[j], 1e-13 * n);
                assertEquals(im[j], fi[j], 1e-13 * n);
            }
        }
    }

    @Test
    void realMatchesDirectDftAndInverts() {
        Random r = new Random(2);
        for (int n : new int[] {2, 4, 8, 16, 128, 1024}) {
            double[] x = r.doubles(n, -1, 1).toArray();
            double[][] want = dft(x, new double[n]);
            double[] re = new double[n / 2 + 1];
            double[] im = new double[n / 2 + 1];
            Fft.of(n).realForward(x, re, im);
            for (int k = 0; k <= n / 2; k++) {
                assertEquals(want[0][k], re[k], 1e-11 * n, "re n=" + n + " k=" + k);
                assertEquals(want[1][k], im[k], 1e-11 * n, "im n=" + n + " k=" + k);
            }
            double[] back = new double[n];
            Fft.of(n).realInverse(re, im, back);
            for (int j = 0; j < n; j++) {
                assertEquals(x[j], back[j], 1e-13 * n, "n=" + n + " j=" + j);
            }
        }
    }

    @Test
    void twoDimensionalMatchesDirectDft() {
        Random r = new Random(3);
        int rows = 8;
        int cols = 16;
        double[] x = r.doubles(rows * cols, -1, 1).toArray();
        int h = cols / 2 + 1;
        double[] re = new double[rows * h];
        double[] im = new double[rows * h];
        Fft.realForward2d(x, rows, cols, re, im);
        double[] cr = x.clone();
        double[] ci = new double[rows * cols];
        Fft.complex2d(cr, ci, rows, cols, false);
        for (int k1 = 0; k1 < rows; k1++) {
            for (int k2 = 0; k2 < cols; k2++) {
                double sr = 0;
                double si = 0;
                for (int i = 0; i < rows; i++) {
                    for (int j = 0; j < cols; j++) {
                        double t = -2 * Math.PI * ((double) i * k1 / rows + (double) j * k2 / cols);
                        sr += x[i * cols + j] * Math.cos(t);
                        si += x[i * cols + j] * Math.sin(t);
                    }
                }
                assertEquals(sr, cr[k1 * cols + k2], 1e-10);
                assertEquals(si, ci[k1 * cols + k2], 1e-10);
                if (k2 < h) {
                    assertEquals(sr, re[k1 * h + k2], 1e-10);
                    assertEquals(si, im[k1 * h + k2], 1e-10);
                }
            }
        }
        double[] back = new double[rows * cols];
        Fft.realInverse2d(re, im, rows, cols, back);
        for (int i = 0; i < x.length; i++) {
            assertEquals(x[i], back[i], 1e-12);
        }
    }

    @Test
    void rejectsNonPowerOfTwo() {
        assertThrows(IllegalArgumentException.class, () -> Fft.of(12));
    }
}
