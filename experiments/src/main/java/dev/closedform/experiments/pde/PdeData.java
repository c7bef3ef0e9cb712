package dev.closedform.experiments.pde;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Generates Burgers and Darcy data sets in parallel and caches them as {@code .npz}.
 *
 * <p>Determinism: sample i is drawn from its own generator seeded by {@link #sampleSeed(long, int)}
 * (a hash of the data-set seed and i), so the data depend only on (parameters, seed, n), never on
 * the number of threads or their scheduling; the first n samples of a larger set equal a set of n.
 */
public final class PdeData {

    private PdeData() {}

    /** Progress callback: called with the number of samples finished so far (from worker threads). */
    public interface Progress extends IntConsumer {
        /** No progress reporting. */
        Progress NONE = done -> {};
    }

    /** @return the seed of sample i of a set with seed {@code seed} (SplitMix64 finaliser of both) */
    public static long sampleSeed(long seed, int index) {
        long z = seed * 0x9E3779B97F4A7C15L + index + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** @return the default cache directory: {@code $CLOSEDFORM_CACHE} or {@code ~/.cache/closedform} */
    public static Path defaultCacheDir() {
        String property = System.getProperty("closedform.cache");
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        String env = System.getenv("CLOSEDFORM_CACHE");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "closedform");
    }

    @FunctionalInterface
    private interface SampleFunction {
        /** writes sample i into a[off..], u[off..] */
        void fill(int i, double[] a, double[] u, int off);
    }

    private static void run(int n, int threads, Progress progress, SampleFunction f, double[] a, double[] u, int per) {
        int t = threads <= 0 ? Runtime.getRuntime().availableProcessors() : threads;
        AtomicInteger done = new AtomicInteger();
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(t, Math.max(1, n)), r -> {
            Thread th = new Thread(r, "pde-data");
            th.setDaemon(true);
            return th;
        });
        try {
            Future<?>[] futures = new Future<?>[Math.min(t, Math.max(1, n))];
            for (int w = 0; w < futures.length; w++) {
                futures[w] = pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                        f.fill(i, a, u, i * per);
                        progress.accept(done.incrementAndGet());
                    }
                });
            }
            for (Future<?> fu : futures) {
                fu.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(c);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Generates n Burgers pairs (u(., 0), u(., T)) at the configured resolution.
     *
     * @param threads worker threads ({@code <= 0}: all processors)
     */
    public static PdeDataset burgers(BurgersConfig config, int n, long seed, int threads, Progress progress) {
        if (n < 1) {
            throw new IllegalArgumentException("--n must be >= 1, got " + n);
        }
        int s = config.resolution();
        BurgersSolver solver = config.solver();
        double[] a = new double[n * s];
        double[] u = new double[n * s];
        run(n, threads, progress, (i, aa, uu, off) -> {
            double[] u0 = config.initialCondition(new SplittableRandom(sampleSeed(seed, i)));
            double[] u1 = solver.solve(u0);
            System.arraycopy(u0, 0, aa, off, s);
            System.arraycopy(u1, 0, uu, off, s);
        }, a, u, s);
        double[] x = IntStream.range(0, s).mapToDouble(j -> (double) j / s).toArray();
        return new PdeDataset(a, u, x, null, n, new int[] {s});
    }

    /**
     * Generates n Darcy pairs (a, u) at the configured resolution (solved on the refined grid).
     *
     * @param threads worker threads ({@code <= 0}: all processors)
     */
    public static PdeDataset darcy(DarcyConfig config, int n, long seed, int threads, Progress progress) {
        if (n < 1) {
            throw new IllegalArgumentException("--n must be >= 1, got " + n);
        }
        int s = config.resolution();
        DarcySolver solver = config.solver();
        double[] a = new double[n * s * s];
        double[] u = new double[n * s * s];
        run(n, threads, progress, (i, aa, uu, off) -> {
            double[] coef = config.coefficient(new SplittableRandom(sampleSeed(seed, i)));
            double[] sol = solver.solve(coef).u();
            System.arraycopy(config.subsample(coef), 0, aa, off, s * s);
            System.arraycopy(config.subsample(sol), 0, uu, off, s * s);
        }, a, u, s * s);
        double[] x = IntStream.range(0, s).mapToDouble(j -> (double) j / (s - 1)).toArray();
        return new PdeDataset(a, u, x, x.clone(), n, new int[] {s, s});
    }

    /** @return the cache file of a data set: {@code <task>-n<N>-s<S>-seed<K>-<hash of all parameters>.npz} */
    public static Path cacheFile(Path cacheDir, String key, int n, long seed) {
        String full = key + " n=" + n + " seed=" + seed;
        String task = key.substring(0, key.indexOf(' '));
        String s = key.replaceAll(".* s=(\\d+).*", "$1");
        return cacheDir.resolve(task + "-n" + n + "-s" + s + "-seed" + seed + "-" + sha(full).substring(0, 16) + ".npz");
    }

    private static String sha(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Result of a cached request: the data, where they are stored, and whether they came from the cache. */
    public record Cached(PdeDataset data, Path file, boolean hit) {}

    /** Burgers data from the cache, generating (and caching) them when absent. */
    public static Cached burgersCached(Path cacheDir, BurgersConfig config, int n, long seed, int threads, Progress progress)
            throws IOException {
        return cached(cacheFile(cacheDir, config.key(), n, seed), config.key() + " n=" + n + " seed=" + seed,
                () -> burgers(config, n, seed, threads, progress));
    }

    /** Darcy data from the cache, generating (and caching) them when absent. */
    public static Cached darcyCached(Path cacheDir, DarcyConfig config, int n, long seed, int threads, Progress progress)
            throws IOException {
        return cached(cacheFile(cacheDir, config.key(), n, seed), config.key() + " n=" + n + " seed=" + seed,
                () -> darcy(config, n, seed, threads, progress));
    }

    private static Cached cached(Path file, String description, java.util.function.Supplier<PdeDataset> make) throws IOException {
        if (Files.isRegularFile(file)) {
            try {
                return new Cached(PdeDataset.read(file), file, true);
            } catch (IOException | RuntimeException e) {
                // a damaged cache entry is regenerated below
            }
        }
        PdeDataset data = make.get();
        data.write(file);
        dev.closedform.data.AtomicFiles.writeString(file.resolveSibling(file.getFileName() + ".txt"), description + "\n");
        return new Cached(data, file, false);
    }
}
