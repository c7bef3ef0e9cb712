package dev.closedform.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The FNO forward pass against an independent float64 reference written like the original
 * {@code fourier_1d.py}/{@code fourier_2d.py}: the engine's rfft/fft, the kept modes multiplied by
 * the complex weights (einsum "bix,iox->box" as broadcast-multiply-sum), a zero spectrum elsewhere,
 * irfft back. Checks the layout of modes, corners, channels, padding and grid against the block's
 * DFT-matrix implementation.
 */
class FnoReferenceTest {

    @Test
    void oneDimensionalForwardMatchesTheFftReference() {
        check(FnoConfig.oneD(16, 3, 5, 2, 4));
    }

    @Test
    void twoDimensionalForwardMatchesTheFftReference() {
        check(FnoConfig.twoD(7, 3, 2, 2, 4, 3));
    }

    private static void check(FnoConfig config) {
        Engine.getInstance().setRandomSeed(7);
        FnoBlock block = new FnoBlock(config);
        try (NDManager nd = NDManager.newBaseManager()) {
            block.initialize(nd, DataType.FLOAT64, new Shape(1, config.points()));
            Map<String, NDArray> p = new HashMap<>();
            for (Pair<String, Parameter> e : block.getParameters()) {
                p.put(e.getKey(), e.getValue().getArray());
            }
            int batch = 3;
            NDArray x = nd.randomNormal(new Shape(batch, config.points())).toType(DataType.FLOAT64, false);
            double[] got = block.forward(new ParameterStore(nd, false), new NDList(x), false).singletonOrThrow().toDoubleArray();
            double[] want = reference(config, p, x, nd).toDoubleArray();
            assertArrayEquals(want, got, 1e-10);
        }
    }

    private static NDArray reference(FnoConfig c, Map<String, NDArray> p, NDArray x, NDManager nd) {
        long b = x.getShape().get(0);
        NDArray h;
        if (c.dims() == 1) {
            NDArray grid = linspace(nd, c.gridX()).reshape(1, c.gridX(), 1).repeat(0, b);
            h = x.reshape(b, c.gridX(), 1).concat(grid, 2);
        } else {
            NDArray gx = linspace(nd, c.gridX()).reshape(1, c.gridX(), 1, 1)
                    .repeat(0, b).repeat(2, c.gridY());
            NDArray gy = linspace(nd, c.gridY()).reshape(1, 1, c.gridY(), 1)
                    .repeat(0, b).repeat(1, c.gridX());
            h = x.reshape(b, c.gridX(), c.gridY(), 1).concat(gx, 3).concat(gy, 3);
        }
        h = h.matMul(p.get("lift.weight")).add(p.get("lift.bias"));
        if (c.dims() == 2) {
            h = h.concat(nd.zeros(new Shape(b, c.padding(), c.gridY(), c.width()), DataType.FLOAT64), 1);
            h = h.concat(nd.zeros(new Shape(b, c.gridX() + c.padding(), c.padding(), c.width()), DataType.FLOAT64), 2);
        }
        for (int l = 0; l < c.layers(); l++) {
            NDArray k = c.dims() == 1 ? spectral1d(c, p, l, h, nd) : spectral2d(c, p, l, h, nd);
            h = k.add(h.matMul(p.get("bypass" + l + ".weight")).add(p.get("bypass" + l + ".bias")));
            if (l < c.layers() - 1) {
                h = Activation.gelu(h);
            }
        }
        if (c.dims() == 2) {
            h = h.get(new NDIndex(":, :" + c.gridX() + ", :" + c.gridY()));
        }
        h = Activation.gelu(h.matMul(p.get("proj.weight")).add(p.get("proj.bias")));
        return h.reshape(b * c.points(), c.projection());
    }

    /** out[b, k, o] = sum_i X[b, k, i] W[k, i, o] (complex), X and W as (..., 2) real/imaginary pairs. */
    private static NDArray[] mix(NDArray xr, NDArray xi, NDArray wr, NDArray wi, int modeAxes) {
        // x: (b, modes..., c) -> (b, modes..., c, 1); w: (modes..., c, c) -> (1, modes..., c, c)
        NDArray xr5 = xr.expandDims(-1);
        NDArray xi5 = xi.expandDims(-1);
        NDArray wr5 = wr.expandDims(0);
        NDArray wi5 = wi.expandDims(0);
        int sumAxis = 1 + modeAxes;
        NDArray re = xr5.mul(wr5).sub(xi5.mul(wi5)).sum(new int[] {sumAxis});
        NDArray im = xr5.mul(wi5).add(xi5.mul(wr5)).sum(new int[] {sumAxis});
        return new NDArray[] {re, im};
    }

    private static NDArray spectral1d(FnoConfig c, Map<String, NDArray> p, int l, NDArray h, NDManager nd) {
        long b = h.getShape().get(0);
        int n = c.gridX();
        int m = c.modesX();
        NDArray spec = h.rfft(n, 1).real().get(new NDIndex(":, :" + m)); // (b, m, c, 2)
        NDArray[] out = mix(spec.get(new NDIndex("..., 0")), spec.get(new NDIndex("..., 1")),
                p.get("spectral" + l + ".w1.re"), p.get("spectral" + l + ".w1.im"), 1);
        NDArray full = out[0].expandDims(-1).concat(out[1].expandDims(-1), -1); // (b, m, c, 2)
        full = full.concat(nd.zeros(new Shape(b, n / 2 + 1 - m, c.width(), 2), DataType.FLOAT64), 1);
        return full.complex().irfft(n, 1);
    }

    private static NDArray spectral2d(FnoConfig c, Map<String, NDArray> p, int l, NDArray h, NDManager nd) {
        long b = h.getShape().get(0);
        int nx = c.gridX() + c.padding();
        int ny = c.gridY() + c.padding();
        int mx = c.modesX();
        int my = c.modesY();
        int half = ny / 2 + 1;
        NDArray spec = h.rfft(ny, 2).fft(nx, 1).real(); // (b, nx, ny/2+1, c, 2)
        NDArray low = spec.get(new NDIndex(":, :" + mx + ", :" + my));
        NDArray high = spec.get(new NDIndex(":, " + (nx - mx) + ":, :" + my));
        NDArray[] o1 = mix(low.get(new NDIndex("..., 0")), low.get(new NDIndex("..., 1")),
                p.get("spectral" + l + ".w1.re"), p.get("spectral" + l + ".w1.im"), 2);
        NDArray[] o2 = mix(high.get(new NDIndex("..., 0")), high.get(new NDIndex("..., 1")),
                p.get("spectral" + l + ".w2.re"), p.get("spectral" + l + ".w2.im"), 2);
        NDArray c1 = o1[0].expandDims(-1).concat(o1[1].expandDims(-1), -1); // (b, mx, my, c, 2)
        NDArray c2 = o2[0].expandDims(-1).concat(o2[1].expandDims(-1), -1);
        NDArray rows = c1.concat(nd.zeros(new Shape(b, nx - 2L * mx, my, c.width(), 2), DataType.FLOAT64), 1).concat(c2, 1);
        NDArray full = rows.concat(nd.zeros(new Shape(b, nx, half - my, c.width(), 2), DataType.FLOAT64), 2);
        return full.complex().ifft(nx, 1).irfft(ny, 2);
    }

    /** np.linspace(0, 1, n) in float64. */
    private static NDArray linspace(NDManager nd, int n) {
        double[] g = new double[n];
        for (int i = 0; i < n; i++) {
            g[i] = (double) i / (n - 1);
        }
        return nd.create(g);
    }
}
