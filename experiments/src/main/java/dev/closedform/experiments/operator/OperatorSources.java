package dev.closedform.experiments.operator;

import dev.closedform.experiments.pde.BurgersConfig;
import dev.closedform.experiments.pde.DarcyConfig;
import dev.closedform.experiments.pde.PdeData;
import dev.closedform.experiments.pde.PdeDataset;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The data sources of the operator tasks by name: the Java Burgers and Darcy generators of the
 * {@code pde} package, cached as {@code .npz} under {@link PdeData#defaultCacheDir()} so that every
 * run after the first with the same parameters and seed reads the file back. A
 * {@link GenerationListener} hears of each sample computed on a cache miss.
 */
public final class OperatorSources {

    private OperatorSources() {}

    /** Burgers {@code u(.,0) -> u(.,1)} at {@code resolution} points, {@code nu = 0.1}, silent, default cache. */
    public static OperatorDataSource burgers(int resolution) {
        return burgers(resolution, PdeData.defaultCacheDir(), GenerationListener.NONE);
    }

    /** As {@link #burgers(int)}, cached under {@code cacheDir}, reporting generation to {@code listener}. */
    public static OperatorDataSource burgers(int resolution, Path cacheDir, GenerationListener listener) {
        BurgersConfig config = BurgersConfig.of(resolution, 0.1, 1.0);
        String description = "Burgers (Java pseudo-spectral ETDRK4 generator), " + config.key();
        return new OperatorDataSource() {
            @Override
            public OperatorData generate(int samples, long seed) {
                return fromPde(cached(samples, listener, description,
                        p -> PdeData.burgersCached(cacheDir, config, samples, seed, 0, p)), resolution, 1);
            }

            @Override
            public String description() {
                return description;
            }
        };
    }

    /** Darcy {@code a -> u} at {@code resolution} x {@code resolution} (solved on a twice finer grid), silent, default cache. */
    public static OperatorDataSource darcy(int resolution) {
        return darcy(resolution, PdeData.defaultCacheDir(), GenerationListener.NONE);
    }

    /** As {@link #darcy(int)}, cached under {@code cacheDir}, reporting generation to {@code listener}. */
    public static OperatorDataSource darcy(int resolution, Path cacheDir, GenerationListener listener) {
        DarcyConfig config = DarcyConfig.of(resolution, 2);
        String description = "Darcy (Java finite-difference MIC(0)-PCG generator), " + config.key();
        return new OperatorDataSource() {
            @Override
            public OperatorData generate(int samples, long seed) {
                return fromPde(cached(samples, listener, description,
                        p -> PdeData.darcyCached(cacheDir, config, samples, seed, 0, p)), resolution, resolution);
            }

            @Override
            public String description() {
                return description;
            }
        };
    }

    private interface CachedCall {
        PdeData.Cached call(PdeData.Progress progress) throws IOException;
    }

    private static PdeDataset cached(int samples, GenerationListener listener, String description, CachedCall call) {
        Reporting reporting = new Reporting(listener, description, samples);
        try {
            return call.call(reporting).data();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the PDE data cache: " + e.getMessage(), e);
        } finally {
            reporting.end();
        }
    }

    /** Starts the listener at the first finished sample, so that a cache hit reports nothing. */
    private static final class Reporting implements PdeData.Progress {
        private final GenerationListener listener;
        private final String description;
        private final int samples;
        private boolean started;

        Reporting(GenerationListener listener, String description, int samples) {
            this.listener = listener;
            this.description = description;
            this.samples = samples;
        }

        @Override
        public synchronized void accept(int done) {
            if (!started) {
                started = true;
                listener.onStart(description, samples);
            }
            listener.onSample(done);
        }

        synchronized void end() {
            if (started) {
                listener.onEnd();
            }
        }
    }

    private static OperatorData fromPde(PdeDataset d, int gridX, int gridY) {
        return new OperatorData(d.a(), d.u(), d.samples(), gridX, gridY);
    }
}
