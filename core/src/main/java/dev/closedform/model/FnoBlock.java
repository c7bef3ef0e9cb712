package dev.closedform.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import dev.closedform.engine.EngineSettings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fourier neural operator backbone (Li et al. 2021, the layout of the original {@code fourier_1d.py}
 * and {@code fourier_2d.py}) up to and including the 128-wide projection: every layer but the final
 * pointwise linear map, which is the closed-form head.
 *
 * <p>Input: (batch, points) with each row a sampled field, row-major over the grid for 2-d.
 * Output: (batch * points, projection) features after GELU, in (sample, point) order.
 *
 * <pre>
 *   h = lift([a(x), x])                                     pointwise linear, (1 + dims) -> width
 *   [2-d with padding p: h zero-padded by p at the end of both axes]
 *   repeat L times: h = K_l h + B_l h (+ GELU except after the last layer)
 *   [crop the padding]
 *   features = GELU(proj h)                                  pointwise linear, width -> projection
 * </pre>
 *
 * <p>{@code K_l} is the truncated spectral convolution: keep the lowest Fourier modes, multiply each
 * by a complex width x width matrix, transform back. The complex weights are held as two real
 * tensors (real and imaginary part) and every complex product is done in real arithmetic, because
 * complex views break DJL's autograd. The truncated transforms are exact real DFT matrices applied
 * by matrix products: with 16 of 1024 modes (or 12 x 12 of 94 x 94) that costs about as much as the
 * 1 x 1 bypass, is differentiable without complex tensors and equals {@code rfft}/{@code irfft}
 * (the imaginary part of the zero mode is dropped on the way back, as {@code irfft} does; tested
 * against DJL's FFT).
 *
 * <p>Parameter layout (DJL names): linear weights are stored (in, out), biases (out); spectral
 * weights {@code (modes, in, out)} (1-d) or {@code (modes_x, modes_y, in, out)} per corner (2-d,
 * corner 1 holds the lowest {@code modes_x} x-frequencies, corner 2 the highest). Scalar counts
 * equal the original code's: 549,568 + head 129 = 549,569 (1-d standard), 2,367,872 + 129 = 2,368,001 (2-d).
 *
 * <p>Initialisation follows PyTorch: linear and 1 x 1 convolution weights and biases
 * {@code U(-1/sqrt(in), 1/sqrt(in))}; spectral weights real and imaginary parts
 * {@code U(0, 1/(in*out))}.
 */
public final class FnoBlock extends AbstractBlock {

    static {
        EngineSettings.ensureOffline(); // an entry point of the library: DJL offline before its engine can start
    }

    private final FnoConfig config;
    private final Parameter liftWeight;
    private final Parameter liftBias;
    private final List<Parameter[]> spectral = new ArrayList<>();
    private final List<Parameter> bypassWeight = new ArrayList<>();
    private final List<Parameter> bypassBias = new ArrayList<>();
    private final Parameter projWeight;
    private final Parameter projBias;
    private final Map<String, NDArray> constants = new HashMap<>();
    private NDManager constantManager;

    public FnoBlock(FnoConfig config) {
        this.config = config;
        int w = config.width();
        int in = 1 + config.dims();
        liftWeight = addParameter(linear("lift.weight", new Shape(in, w), in));
        liftBias = addParameter(linear("lift.bias", new Shape(w), in));
        float scale = 1f / (w * w);
        for (int l = 0; l < config.layers(); l++) {
            Shape s = config.dims() == 1
                    ? new Shape(config.modesX(), w, w)
                    : new Shape(config.modesX(), config.modesY(), w, w);
            int corners = config.dims() == 1 ? 1 : 2;
            Parameter[] p = new Parameter[2 * corners];
            for (int c = 0; c < corners; c++) {
                String base = "spectral" + l + ".w" + (c + 1);
                p[2 * c] = addParameter(spectralWeight(base + ".re", s, scale));
                p[2 * c + 1] = addParameter(spectralWeight(base + ".im", s, scale));
            }
            spectral.add(p);
            bypassWeight.add(addParameter(linear("bypass" + l + ".weight", new Shape(w, w), w)));
            bypassBias.add(addParameter(linear("bypass" + l + ".bias", new Shape(w), w)));
        }
        projWeight = addParameter(linear("proj.weight", new Shape(w, config.projection()), w));
        projBias = addParameter(linear("proj.bias", new Shape(config.projection()), w));
    }

    public FnoConfig config() {
        return config;
    }

    private static Parameter linear(String name, Shape shape, int fanIn) {
        float bound = (float) (1 / Math.sqrt(fanIn));
        Initializer init = (m, s, t) -> m.randomUniform(-bound, bound, s, t);
        return Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).optShape(shape).optInitializer(init).build();
    }

    private static Parameter spectralWeight(String name, Shape shape, float scale) {
        Initializer init = (m, s, t) -> m.randomUniform(0f, scale, s, t);
        return Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).optShape(shape).optInitializer(init).build();
    }

    @Override
    public void initialize(NDManager manager, DataType dataType, Shape... inputShapes) {
        super.initialize(manager, dataType, inputShapes);
        if (constantManager == null) {
            constantManager = manager.newSubManager();
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0) * config.points(), config.projection())};
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        if (x.getShape().dimension() != 2 || x.getShape().get(1) != config.points()) {
            throw new IllegalArgumentException("FNO input must be (batch, " + config.points() + "), got " + x.getShape());
        }
        long b = x.getShape().get(0);
        DataType t = x.getDataType();
        int w = config.width();
        NDArray h;
        if (config.dims() == 1) {
            int n = config.gridX();
            NDArray a = x.reshape(b, n, 1);
            NDArray grid = constant("grid", t).broadcast(b, n, 1);
            h = a.concat(grid, 2);
        } else {
            int nx = config.gridX();
            int ny = config.gridY();
            NDArray a = x.reshape(b, nx, ny, 1);
            NDArray grid = constant("grid", t).broadcast(b, nx, ny, 2);
            h = a.concat(grid, 3);
        }
        h = h.matMul(value(ps, liftWeight, x, training)).add(value(ps, liftBias, x, training));
        int p = config.dims() == 2 ? config.padding() : 0;
        if (p > 0) {
            int nx = config.gridX();
            int ny = config.gridY();
            h = h.concat(x.getManager().zeros(new Shape(b, p, ny, w), t), 1);
            h = h.concat(x.getManager().zeros(new Shape(b, nx + p, p, w), t), 2);
        }
        for (int l = 0; l < config.layers(); l++) {
            NDArray[] weights = new NDArray[spectral.get(l).length];
            for (int i = 0; i < weights.length; i++) {
                weights[i] = value(ps, spectral.get(l)[i], x, training);
            }
            NDArray k = config.dims() == 1 ? spectral1d(h, weights) : spectral2d(h, weights);
            NDArray bypass = h.matMul(value(ps, bypassWeight.get(l), x, training))
                    .add(value(ps, bypassBias.get(l), x, training));
            h = k.add(bypass);
            if (l < config.layers() - 1) {
                h = Activation.gelu(h);
            }
        }
        if (p > 0) {
            h = h.get(new NDIndex(":, :" + config.gridX() + ", :" + config.gridY() + ", :"));
        }
        h = h.matMul(value(ps, projWeight, x, training)).add(value(ps, projBias, x, training));
        h = Activation.gelu(h);
        return new NDList(h.reshape(b * config.points(), config.projection()));
    }

    private static NDArray value(ParameterStore ps, Parameter p, NDArray like, boolean training) {
        return ps.getValue(p, like.getDevice(), training);
    }

    /** h (b, n, c): truncated spectral convolution along axis 1. weights: re, im of shape (m, c, c). */
    private NDArray spectral1d(NDArray h, NDArray[] weights) {
        long b = h.getShape().get(0);
        long c = h.getShape().get(2);
        int m = config.modesX();
        DataType t = h.getDataType();
        NDArray coeffs = constant("fwdX", t).matMul(h); // (b, 2m, c): [re; im]
        coeffs = coeffs.reshape(b, 2, m, c).transpose(2, 0, 1, 3).reshape(m, b, 2 * c);
        NDArray mixed = coeffs.batchMatMul(complexAsReal(weights[0], weights[1], m));
        mixed = mixed.reshape(m, b, 2, c).transpose(1, 2, 0, 3).reshape(b, 2 * m, c);
        return constant("invX", t).matMul(mixed);
    }

    /** h (b, nx, ny, c), padded: spectral convolution over axes 1 and 2 with the two low-|kx| corners. */
    private NDArray spectral2d(NDArray h, NDArray[] weights) {
        long b = h.getShape().get(0);
        long nx = h.getShape().get(1);
        long ny = h.getShape().get(2);
        long c = h.getShape().get(3);
        int mx = config.modesX();
        int my = config.modesY();
        int kx = 2 * mx;
        DataType t = h.getDataType();
        // real DFT along y, keeping my modes: (b*nx, 2my, c)
        NDArray r = constant("fwdY", t).matMul(h.reshape(b * nx, ny, c));
        r = r.reshape(b, nx, 2, my, c).transpose(0, 2, 1, 3, 4).reshape(b, 2 * nx, my * c);
        // complex DFT along x at the 2mx kept frequencies: (b, 2kx, my*c)
        NDArray a = constant("fwdX", t).matMul(r);
        a = a.reshape(b, 2, kx, my, c).transpose(2, 3, 0, 1, 4).reshape((long) kx * my, b, 2 * c);
        NDArray re = weights[0].concat(weights[2], 0);
        NDArray im = weights[1].concat(weights[3], 0);
        NDArray z = a.batchMatMul(complexAsReal(re.reshape(kx * my, c, c), im.reshape(kx * my, c, c), (long) kx * my));
        z = z.reshape(kx, my, b, 2, c).transpose(2, 3, 0, 1, 4).reshape(b, 2 * kx, my * c);
        NDArray y = constant("invX", t).matMul(z); // inverse complex DFT along x: (b, 2nx, my*c)
        y = y.reshape(b, 2, nx, my, c).transpose(0, 2, 1, 3, 4).reshape(b * nx, 2 * my, c);
        return constant("invY", t).matMul(y).reshape(b, nx, ny, c);
    }

    /** The real (modes, 2c, 2c) matrix of right-multiplication by re + i im: [xr, xi] -> [xr re - xi im, xr im + xi re]. */
    private static NDArray complexAsReal(NDArray re, NDArray im, long modes) {
        NDArray top = re.concat(im, 2);
        NDArray bottom = im.neg().concat(re, 2);
        return top.concat(bottom, 1);
    }

    private NDArray constant(String name, DataType t) {
        String key = name + "/" + t;
        NDArray a = constants.get(key);
        if (a == null) {
            a = buildConstant(name, t);
            NDScope.unregister(a); // lives as long as the block, not the step that first needed it
            constants.put(key, a);
        }
        return a;
    }

    private NDArray buildConstant(String name, DataType t) {
        NDManager m = constantManager;
        int px = config.dims() == 1 ? config.gridX() : config.gridX() + config.padding();
        int py = config.gridY() + config.padding();
        double[] data;
        Shape shape;
        switch (name) {
            case "grid" -> {
                if (config.dims() == 1) {
                    data = linspace(config.gridX());
                    shape = new Shape(1, config.gridX(), 1);
                } else {
                    int nx = config.gridX();
                    int ny = config.gridY();
                    double[] gx = linspace(nx);
                    double[] gy = linspace(ny);
                    data = new double[nx * ny * 2];
                    for (int i = 0; i < nx; i++) {
                        for (int j = 0; j < ny; j++) {
                            data[(i * ny + j) * 2] = gx[i];
                            data[(i * ny + j) * 2 + 1] = gy[j];
                        }
                    }
                    shape = new Shape(1, nx, ny, 2);
                }
            }
            case "fwdX" -> {
                if (config.dims() == 1) {
                    data = Dft.realForward(px, config.modesX());
                    shape = new Shape(2L * config.modesX(), px);
                } else {
                    data = Dft.complexForward(px, config.modesX());
                    shape = new Shape(4L * config.modesX(), 2L * px);
                }
            }
            case "invX" -> {
                if (config.dims() == 1) {
                    data = Dft.realInverse(px, config.modesX());
                    shape = new Shape(px, 2L * config.modesX());
                } else {
                    data = Dft.complexInverse(px, config.modesX());
                    shape = new Shape(2L * px, 4L * config.modesX());
                }
            }
            case "fwdY" -> {
                data = Dft.realForward(py, config.modesY());
                shape = new Shape(2L * config.modesY(), py);
            }
            case "invY" -> {
                data = Dft.realInverse(py, config.modesY());
                shape = new Shape(py, 2L * config.modesY());
            }
            default -> throw new IllegalStateException(name);
        }
        return m.create(data, shape).toType(t, false);
    }

    private static double[] linspace(int n) {
        double[] g = new double[n];
        for (int i = 0; i < n; i++) {
            g[i] = n == 1 ? 0 : (double) i / (n - 1);
        }
        return g;
    }
}
