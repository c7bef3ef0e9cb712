package dev.closedform.cli;

import dev.closedform.data.Npz;
import dev.closedform.data.NpyArray;
import dev.closedform.experiments.iv.DemandDesign;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code closedform data <generator>}: writes a generated data set. A small dispatcher: one subcommand per generator. */
@Command(name = "data", mixinStandardHelpOptions = true,
        description = "Generate a synthetic data set and write it as .npz.",
        subcommands = {DataCommand.Demand.class},
        footer = {"", "Examples:", "  closedform data demand --n 5000 --rho 0.5 --seed 1 --out demand.npz"})
final class DataCommand implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    @Command(name = "demand", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"DFIV demand design (PAPER.md 5.3): arrays p (price, treatment), t (time), s (customer type),",
                "c (cost shifter, instrument), y (sales, outcome), float64, one entry per row."})
    static final class Demand implements Callable<Integer> {

        @Option(names = "--n", defaultValue = "5000", description = "Rows. Default: ${DEFAULT-VALUE}.")
        int n;

        @Option(names = "--rho", defaultValue = "0.5", description = "Confounding strength in [-1, 1]. Default: ${DEFAULT-VALUE}.")
        double rho;

        @Option(names = "--seed", defaultValue = "1", description = "Seed. Default: ${DEFAULT-VALUE}.")
        long seed;

        @Option(names = "--out", required = true, description = "Output .npz file.")
        Path out;

        @Override
        public Integer call() throws Exception {
            DemandDesign.Sample s = DemandDesign.generate(n, rho, seed);
            Map<String, NpyArray> arrays = new LinkedHashMap<>();
            arrays.put("p", NpyArray.of(s.p(), n));
            arrays.put("t", NpyArray.of(s.t(), n));
            arrays.put("s", NpyArray.of(s.s(), n));
            arrays.put("c", NpyArray.of(s.c(), n));
            arrays.put("y", NpyArray.of(s.y(), n));
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Npz.write(out, arrays);
            System.out.println("wrote " + out + " (demand design, n=" + n + ", rho=" + rho + ", seed=" + seed + ")");
            return 0;
        }
    }
}
