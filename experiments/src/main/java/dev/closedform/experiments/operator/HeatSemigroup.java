package dev.closedform.experiments.operator;

import java.util.Random;

/**
 * A synthetic operator with a known answer, for tests and smoke runs until the PDE generators are
 * wired in: the heat semigroup {@code u = exp(t Laplacian) a} on the periodic unit interval or
 * square. Inputs are random trigonometric fields with coefficients {@code N(0, (1 + |k|^2)^-1)} up to
 * {@code maxMode}; every mode is damped by {@code exp(-4 pi^2 |k|^2 t)}. The map is linear and
 * diagonal in Fourier space, so an FNO with enough modes can represent it exactly.
 */
public record HeatSemigroup(int dims, int grid, int maxMode, double time) implements OperatorDataSource {

    public HeatSemigroup {
        if (dims != 1 && dims != 2) {
            throw new IllegalArgumentException("dims must be 1 or 2, got " + dims);
        }
        if (grid < 2 || maxMode < 1 || !(time >= 0)) {
            throw new IllegalArgumentException("need grid >= 2, maxMode >= 1, time >= 0; got " + grid + ", " + maxMode + ", " + time);
        }
    }

    @Override
    public OperatorData generate(int samples, long seed) {
        Random random = new Random(seed);
        int p = dims == 1 ? grid : grid * grid;
        double[] a = new double[samples * p];
        double[] u = new double[samples * p];
        int km = maxMode;
        double[] cosX = table(true);
        double[] sinX = table(false);
        for (int s = 0; s < samples; s++) {
            int off = s * p;
            if (dims == 1) {
                for (int k = 0; k <= km; k++) {
                    double sd = 1 / Math.sqrt(1 + k * k);
                    double c = random.nextGaussian() * sd;
                    double d = k == 0 ? 0 : random.nextGaussian() * sd;
                    double damp = Math.exp(-4 * Math.PI * Math.PI * k * k * time);
                    for (int x = 0; x < grid; x++) {
                        double v = c * cosX[k * grid + x] + d * sinX[k * grid + x];
                        a[off + x] += v;
                        u[off + x] += damp * v;
                    }
                }
            } else {
                // real field: sum over kx in [0, km], ky in [-km, km] of c cos(2 pi (kx x + ky y)) + d sin(...)
                for (int kx = 0; kx <= km; kx++) {
                    for (int ky = -km; ky <= km; ky++) {
                        if (kx == 0 && ky < 0) {
                            continue;
                        }
                        int k2 = kx * kx + ky * ky;
                        double sd = 1 / Math.sqrt(1 + k2);
                        double c = random.nextGaussian() * sd;
                        double d = k2 == 0 ? 0 : random.nextGaussian() * sd;
                        double damp = Math.exp(-4 * Math.PI * Math.PI * k2 * time);
                        int aky = Math.abs(ky);
                        double sign = ky < 0 ? -1 : 1;
                        for (int x = 0; x < grid; x++) {
                            double cx = cosX[kx * grid + x];
                            double sx = sinX[kx * grid + x];
                            for (int y = 0; y < grid; y++) {
                                double cy = cosX[aky * grid + y];
                                double sy = sign * sinX[aky * grid + y];
                                // cos(A + B), sin(A + B)
                                double cosSum = cx * cy - sx * sy;
                                double sinSum = sx * cy + cx * sy;
                                double v = c * cosSum + d * sinSum;
                                a[off + x * grid + y] += v;
                                u[off + x * grid + y] += damp * v;
                            }
                        }
                    }
                }
            }
        }
        return new OperatorData(a, u, samples, grid, dims == 1 ? 1 : grid);
    }

    private double[] table(boolean cos) {
        double[] t = new double[(maxMode + 1) * grid];
        for (int k = 0; k <= maxMode; k++) {
            for (int x = 0; x < grid; x++) {
                double theta = 2 * Math.PI * k * x / grid;
                t[k * grid + x] = cos ? Math.cos(theta) : Math.sin(theta);
            }
        }
        return t;
    }

    @Override
    public String description() {
        return "synthetic heat semigroup u = exp(" + time + " Laplacian) a, periodic " + dims + "-d, grid " + grid
                + (dims == 2 ? "x" + grid : "") + ", input modes up to " + maxMode;
    }
}
