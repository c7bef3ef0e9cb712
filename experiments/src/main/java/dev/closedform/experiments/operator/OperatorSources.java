package dev.closedform.experiments.operator;

import dev.closedform.experiments.pde.BurgersConfig;
import dev.closedform.experiments.pde.DarcyConfig;
import dev.closedform.experiments.pde.PdeData;
import dev.closedform.experiments.pde.PdeDataset;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The data sources of the operator tasks by name: the Java Burgers and Darcy generators of the
 * {@code pde} package, cached as {@code .npz} under {@link PdeData#defaultCacheDir()} so that every
 * run after the first with the same parameters and seed reads the file back.
 */
public final class OperatorSources {

    private OperatorSources() {}

    /** Burgers {@code u(.,0) -> u(.,1)} at {@code resolution} points, {@code nu = 0.1}. */
    public static OperatorDataSource burgers(int resolution) {
        BurgersConfig config = BurgersConfig.of(resolution, 0.1, 1.0);
        return new OperatorDataSource() {
            @Override
            public OperatorData generate(int samples, long seed) {
                return fromPde(cached(() -> PdeData.burgersCached(PdeData.defaultCacheDir(), config, samples, seed, 0,
                        PdeData.Progress.NONE)), resolution, 1);
            }

            @Override
            public String description() {
                return "Burgers (Java pseudo-spectral ETDRK4 generator), " + config.key();
            }
        };
    }

    /** Darcy {@code a -> u} at {@code resolution} x {@code resolution} (solved on a twice finer grid). */
    public static OperatorDataSource darcy(int resolution) {
        DarcyConfig config = DarcyConfig.of(resolution, 2);
        return new OperatorDataSource() {
            @Override
            public OperatorData generate(int samples, long seed) {
                return fromPde(cached(() -> PdeData.darcyCached(PdeData.defaultCacheDir(), config, samples, seed, 0,
                        PdeData.Progress.NONE)), resolution, resolution);
            }

            @Override
            public String description() {
                return "Darcy (Java finite-difference MIC(0)-PCG generator), " + config.key();
            }
        };
    }

    private interface CachedCall {
        PdeData.Cached call() throws IOException;
    }

    private static PdeDataset cached(CachedCall call) {
        try {
            return call.call().data();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the PDE data cache: " + e.getMessage(), e);
        }
    }

    private static OperatorData fromPde(PdeDataset d, int gridX, int gridY) {
        return new OperatorData(d.a(), d.u(), d.samples(), gridX, gridY);
    }
}
