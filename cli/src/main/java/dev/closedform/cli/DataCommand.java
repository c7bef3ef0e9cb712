package dev.closedform.cli;

import dev.closedform.data.AtomicFiles;
import dev.closedform.experiments.pde.BurgersConfig;
import dev.closedform.experiments.pde.DarcyConfig;
import dev.closedform.experiments.pde.PdeData;
import dev.closedform.experiments.pde.PdeDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "data", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Generate a synthetic data set as .npz (float64 arrays a, u of shape samples x grid, and x, y).",
            "burgers: u(.,0) -> u(.,T) of viscous Burgers on the periodic unit interval (ETDRK4 pseudo-spectral).",
            "darcy: coefficient a (12/3) -> solution u of -div(a grad u) = 1 on the unit square (PCG).",
            "Data sets are cached by all parameters and the seed, so a second run is instant."},
        footer = {"", "Examples:", "  closedform data burgers --n 1200 --seed 1 --out burgers.npz",
            "  closedform data darcy --n 1100 --resolution 85 --seed 1 --out darcy.npz",
            "  closedform data burgers --n 1200 --time          # benchmark: regenerate, ignore the cache",
            "  closedform data burgers --data burgers_data_R10.mat --sub 8 --n 1200 --out burgers.npz",
            "Demand design (instrumental variables): closedform iv data --help"})
final class DataCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "PROBLEM", description = "burgers or darcy")
    String problem;

    @Option(names = "--n", defaultValue = "1000", description = "Number of samples (with --data: at most this many are read). Default: ${DEFAULT-VALUE}.")
    int n;

    @Option(names = "--resolution", description = "Output grid: Burgers points (power of two, default 1024); Darcy points per side (default 85).")
    Integer resolution;

    @Option(names = "--seed", defaultValue = "1", description = "Data-set seed (sample i uses a hash of seed and i). Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--out", description = "Write the data set here (.npz). Without it the data set is only cached.")
    Path out;

    @Option(names = "--nu", defaultValue = "0.1", description = "Burgers viscosity. Default: ${DEFAULT-VALUE}.")
    double nu;

    @Option(names = "--final-time", defaultValue = "1.0", description = "Burgers final time T. Default: ${DEFAULT-VALUE}.")
    double finalTime;

    @Option(names = "--solver-grid", defaultValue = "0", description = "Burgers spectral grid N (0: max(2S, 2^ceil(log2(4/nu)))).")
    int solverGrid;

    @Option(names = "--steps", defaultValue = "0", description = "Burgers ETDRK4 steps (0: ceil(200 T max(1, (0.1/nu)^0.75))).")
    int steps;

    @Option(names = "--refine", defaultValue = "2", description = "Darcy: solve on refine*(S-1)+1 points per side and keep every refine-th node. Default: ${DEFAULT-VALUE} (85 -> 169; 5 gives the original 421 grid, about 8x slower).")
    int refine;

    @Option(names = "--tolerance", defaultValue = "1e-10", description = "Darcy CG relative residual tolerance. Default: ${DEFAULT-VALUE}.")
    double tolerance;

    @Option(names = "--tau", description = "Field: covariance sigma^2 (-Laplacian + tau^2)^-alpha; default 5 (Burgers), 3 (Darcy).")
    Double tau;

    @Option(names = "--alpha", description = "Field power alpha; default 2.")
    Double alpha;

    @Option(names = "--sigma", description = "Burgers field scale sigma; default 25 (Darcy: thresholded, scale-free).")
    Double sigma;

    @Option(names = "--modes", description = "Darcy field: cosine modes per axis; default min(solve grid, 128).")
    Integer modes;

    @Option(names = "--threads", defaultValue = "0", description = "Worker threads (0: all cores).")
    int threads;

    @Option(names = "--cache", description = "Cache directory. Default: $CLOSEDFORM_CACHE or ~/.cache/closedform.")
    Path cache;

    @Option(names = "--no-cache", description = "Neither read nor write the cache.")
    boolean noCache;

    @Option(names = "--data", description = "Instead of generating: read an FNO benchmark MAT-file (MATLAB level 5 or v7.3/HDF5; burgers_data_R10.mat with a, u or piececonst_r421_N1024_smooth1.mat with coeff, sol) and write it as .npz (--out).")
    Path data;

    @Option(names = "--sub", defaultValue = "1", description = "With --data: keep every sub-th grid point (8: 8192 -> 1024; 5: 421 -> 85). Default: ${DEFAULT-VALUE}.")
    int sub;

    @Option(names = "--time", description = "Benchmark: always regenerate (cache ignored), report wall time and samples per second.")
    boolean time;

    @Override
    public Integer call() throws Exception {
        if (n < 1) {
            throw new IllegalArgumentException("--n must be >= 1, got " + n);
        }
        if (problem.equalsIgnoreCase("demand")) {
            throw new IllegalArgumentException("the demand design moved: closedform iv data --n N --rho R --seed S --out FILE.npz");
        }
        if (data != null) {
            if (out == null) {
                throw new IllegalArgumentException("--data needs --out FILE.npz");
            }
            long t0 = System.nanoTime();
            PdeDataset d = dev.closedform.experiments.pde.FnoMatData.read(data, sub, n);
            d.write(out);
            System.out.println("wrote " + out.toAbsolutePath());
            System.out.println(String.format(Locale.ROOT, "%s: %d samples, grid %s from %s (sub %d), %.2f s", problem,
                    d.samples(), java.util.Arrays.toString(d.shape()), data, sub, (System.nanoTime() - t0) / 1e9));
            return 0;
        }
        String key;
        int s;
        Generator gen;
        switch (problem.toLowerCase(Locale.ROOT)) {
            case "burgers" -> {
                s = resolution == null ? 1024 : resolution;
                BurgersConfig c = BurgersConfig.of(s, nu, finalTime);
                if (solverGrid > 0 || steps > 0) {
                    c = c.withSolver(solverGrid > 0 ? solverGrid : c.solverGrid(), steps > 0 ? steps : c.steps());
                }
                if (modes != null) {
                    throw new IllegalArgumentException("--modes applies to darcy only (Burgers uses all S/2 - 1 modes)");
                }
                c = new BurgersConfig(c.resolution(), c.nu(), c.finalTime(), c.solverGrid(), c.steps(),
                        sigma != null ? sigma : c.sigma(), tau != null ? tau : c.tau(), alpha != null ? alpha : c.alpha());
                BurgersConfig config = c;
                key = config.key();
                gen = new Generator(p -> PdeData.burgers(config, n, seed, threads, p),
                        (dir, p) -> PdeData.burgersCached(dir, config, n, seed, threads, p));
            }
            case "darcy" -> {
                s = resolution == null ? 85 : resolution;
                DarcyConfig d = DarcyConfig.of(s, refine);
                if (sigma != null) {
                    throw new IllegalArgumentException("--sigma applies to burgers only (the Darcy field is thresholded at 0)");
                }
                DarcyConfig config = new DarcyConfig(d.resolution(), d.refine(), modes != null ? modes : d.modes(),
                        tau != null ? tau : d.tau(), alpha != null ? alpha : d.alpha(), d.high(), d.low(), tolerance);
                key = config.key();
                gen = new Generator(p -> PdeData.darcy(config, n, seed, threads, p),
                        (dir, p) -> PdeData.darcyCached(dir, config, n, seed, threads, p));
            }
            default -> throw new IllegalArgumentException("unknown data set '" + problem + "' (expected burgers or darcy)");
        }
        int cores = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        long start = System.nanoTime();
        PdeDataset data;
        Path cachedFile = null;
        boolean hit = false;
        try (ProgressBar bar = ProgressReporter.newBar(problem, n)) {
            PdeData.Progress progress = done -> bar.step(); // callbacks may arrive out of order
            if (time || noCache) {
                data = gen.generate(progress);
            } else {
                PdeData.Cached c = gen.cached().cached(cache != null ? cache : PdeData.defaultCacheDir(), progress);
                data = c.data();
                cachedFile = c.file();
                hit = c.hit();
                bar.stepTo(n);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (out != null) {
            if (cachedFile != null) {
                Path source = cachedFile;
                AtomicFiles.write(out, os -> Files.copy(source, os));
            } else {
                data.write(out);
            }
            System.out.println("wrote " + out.toAbsolutePath());
        }
        if (cachedFile != null) {
            System.out.println((hit ? "cache hit: " : "cached: ") + cachedFile);
        }
        System.out.println(String.format(Locale.ROOT, "%s: %d samples, grid %s, %.2f s (%.1f samples/s, %d threads)%s",
                problem, n, s + (data.shape().length == 2 ? "x" + s : ""), seconds, n / seconds, cores,
                hit ? ", from cache" : ""));
        System.out.println("parameters: " + key + " n=" + n + " seed=" + seed);
        return 0;
    }

    /** One data set's generator: fresh (for --time and --no-cache) or through the cache directory. */
    private record Generator(Function<PdeData.Progress, PdeDataset> fresh, CachedCall cached) {
        PdeDataset generate(PdeData.Progress p) {
            return fresh.apply(p);
        }
    }

    @FunctionalInterface
    private interface CachedCall {
        PdeData.Cached cached(Path dir, PdeData.Progress p) throws java.io.IOException;
    }
}
