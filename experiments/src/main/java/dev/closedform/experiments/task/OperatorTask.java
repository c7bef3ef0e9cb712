package dev.closedform.experiments.task;

import dev.closedform.data.FieldNormalizer;
import dev.closedform.data.RegressionData;
import dev.closedform.data.Standardizer;
import dev.closedform.experiments.operator.OperatorData;
import dev.closedform.experiments.operator.OperatorDataSource;
import dev.closedform.experiments.pde.FnoMatData;
import dev.closedform.experiments.pde.PdeDataset;
import dev.closedform.model.FnoConfig;
import dev.closedform.train.TestMetric;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * A neural-operator task (docs/operators.md): learn {@code a -> u} between sampled fields with an
 * FNO whose final pointwise 128 -> 1 map is the closed-form head (head rows = (sample, grid point)).
 *
 * <p>Samples come from {@code file} (an {@code .npz} with arrays {@code a}, {@code u}, or an FNO
 * benchmark {@code .mat} file, MATLAB level 5 or v7.3, see {@link FnoMatData}) when given, else from
 * {@code source}. The first {@code nTrain} samples train, the last {@code nTest} test (the
 * original FNO scripts' split), after sub-sampling every {@code sub}-th point per axis. Inputs and
 * targets are normalised with training statistics ({@link FieldNormalizer}); the metric
 * {@code test_rel_l2} (mean over test samples of {@code ||pred - u|| / ||u||}) is in original units.
 *
 * @param layers  Fourier layers; {@code padding} is used in 2-d only
 */
public record OperatorTask(String name, int dims, OperatorDataSource source, Path file, int nTrain, int nTest, int sub,
                           int width, int modes, int layers, int padding,
                           FieldNormalizer.Mode inputNormalization, FieldNormalizer.Mode targetNormalization)
        implements RegressionTask {

    public OperatorTask {
        if (dims != 1 && dims != 2) {
            throw new IllegalArgumentException("dims must be 1 or 2, got " + dims);
        }
        if (nTrain < 1 || nTest < 1) {
            throw new IllegalArgumentException("--n-train and --n-test must be >= 1, got " + nTrain + " and " + nTest);
        }
        if (sub < 1) {
            throw new IllegalArgumentException("--sub must be >= 1, got " + sub);
        }
        if (source == null && file == null) {
            throw new IllegalArgumentException("task " + name + " needs a data source or --data FILE.npz");
        }
    }

    /** Standard FNO-1d settings (width 64, 16 modes, 4 layers); global normalisation of inputs and targets. */
    public static OperatorTask oneD(String name, OperatorDataSource source, Path file, int nTrain, int nTest, int sub) {
        return new OperatorTask(name, 1, source, file, nTrain, nTest, sub, 64, 16, 4, 0,
                FieldNormalizer.Mode.GLOBAL, FieldNormalizer.Mode.GLOBAL);
    }

    /** Standard FNO-2d settings (width 32, 12 x 12 modes, 4 layers, padding 9); pointwise normalisation as the original code. */
    public static OperatorTask twoD(String name, OperatorDataSource source, Path file, int nTrain, int nTest, int sub) {
        return new OperatorTask(name, 2, source, file, nTrain, nTest, sub, 32, 12, 4, 9,
                FieldNormalizer.Mode.POINTWISE, FieldNormalizer.Mode.POINTWISE);
    }

    public OperatorTask withModel(int newWidth, int newModes, int newLayers) {
        return new OperatorTask(name, dims, source, file, nTrain, nTest, sub, newWidth, newModes, newLayers, padding,
                inputNormalization, targetNormalization);
    }

    public OperatorTask withNormalization(FieldNormalizer.Mode inputs, FieldNormalizer.Mode targets) {
        return new OperatorTask(name, dims, source, file, nTrain, nTest, sub, width, modes, layers, padding, inputs, targets);
    }

    /** The FNO for a grid of {@code gridX} (x {@code gridX}) points; projection 128 as in the paper. */
    public FnoConfig model(int gridX, int gridY) {
        return dims == 1
                ? FnoConfig.oneD(gridX, width, modes, layers, 128)
                : new FnoConfig(2, gridX, gridY, width, modes, modes, layers, 128, padding);
    }

    /** A MATLAB MAT-file (level 5 or v7.3) by its name: {@code burgers_data_R10.mat}, ... */
    static boolean isMatFile(Path file) {
        return file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".mat");
    }

    @Override
    public PreparedData prepare(long seed) {
        OperatorData all;
        String origin;
        int stride = sub;
        if (file != null) {
            try {
                if (isMatFile(file)) { // FNO benchmark file: subsampled while reading (the Darcy file is 2 x 1.45 GB)
                    PdeDataset p = FnoMatData.read(file, sub, Integer.MAX_VALUE);
                    int[] grid = p.shape();
                    all = new OperatorData(p.a(), p.u(), p.samples(), grid[0], grid.length == 2 ? grid[1] : 1);
                    stride = 1;
                } else {
                    all = OperatorData.readNpz(file, dims);
                }
                all.requireFinite(file.toString());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
            }
            origin = file.getFileName().toString();
        } else {
            all = source.generate(nTrain + nTest, seed);
            origin = source.description();
        }
        if (all.dims() != dims) {
            throw new IllegalArgumentException(origin + " holds " + all.dims() + "-d fields; task " + name + " is " + dims + "-d");
        }
        if (all.samples() < nTrain + nTest) {
            throw new IllegalArgumentException(origin + " has " + all.samples() + " samples; --n-train " + nTrain
                    + " + --n-test " + nTest + " need " + (nTrain + nTest));
        }
        OperatorData data = all.subsample(stride);
        RegressionData train = data.rows(0, nTrain);
        RegressionData test = data.rows(data.samples() - nTest, data.samples());
        Standardizer s = FieldNormalizer.fit(train, inputNormalization, targetNormalization);
        FnoConfig fno = model(data.gridX(), data.gridY());
        String grid = dims == 1 ? Integer.toString(data.gridX()) : data.gridX() + "x" + data.gridY();
        String description = name + ": " + origin + ", " + nTrain + " train / " + nTest + " test samples, grid " + grid
                + (sub > 1 ? " (every " + sub + "th point)" : "") + "; inputs normalised " + inputNormalization.label()
                + ", targets " + targetNormalization.label() + " (training statistics; the loss is in normalised units, "
                + "test_rel_l2 in original units); head rows = (sample, grid point)";
        // serializable, so that a distributed trainer can build the same FNO on its workers
        java.util.function.Supplier<dev.closedform.model.Backbone> model =
                (java.util.function.Supplier<dev.closedform.model.Backbone> & java.io.Serializable) fno::backbone;
        return new PreparedData(s.apply(train), s.apply(test), TestMetric.relativeL2(s), s, description, model, null);
    }
}
