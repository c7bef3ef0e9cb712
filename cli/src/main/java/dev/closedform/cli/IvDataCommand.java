package dev.closedform.cli;

import dev.closedform.data.NpyArray;
import dev.closedform.data.Npz;
import dev.closedform.experiments.iv.DemandDesign;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "data", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Write a demand-design sample as .npz: arrays p (price), t (time), s (customer type), c (cost shifter), y (sales).",
        footer = {"", "Example:", "  closedform iv data --n 5000 --rho 0.5 --seed 1 --out demand.npz"})
final class IvDataCommand implements Callable<Integer> {

    @Option(names = "--n", defaultValue = "5000", description = "Rows. Default: ${DEFAULT-VALUE}.")
    int n;

    @Option(names = "--rho", defaultValue = "0.5", description = "Confounding strength in [-1, 1]. Default: ${DEFAULT-VALUE}.")
    double rho;

    @Option(names = "--seed", defaultValue = "1", description = "Seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--out", required = true, description = "The .npz file to write.")
    Path out;

    @Override
    public Integer call() throws java.io.IOException {
        if (n < 1) {
            throw new IllegalArgumentException("--n must be >= 1, got " + n);
        }
        DemandDesign.Sample d = DemandDesign.generate(n, rho, seed);
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        arrays.put("p", NpyArray.of(d.p(), n));
        arrays.put("t", NpyArray.of(d.t(), n));
        arrays.put("s", NpyArray.of(d.s(), n));
        arrays.put("c", NpyArray.of(d.c(), n));
        arrays.put("y", NpyArray.of(d.y(), n));
        Npz.write(out, arrays);
        System.out.println("wrote " + out.toAbsolutePath() + " (demand design, n=" + n + ", rho=" + rho + ", seed=" + seed + ")");
        return 0;
    }
}
