package dev.closedform.cli;

import dev.closedform.experiments.report.LandscapePlot;
import dev.closedform.experiments.landscape.Landscape;
import dev.closedform.experiments.landscape.LandscapeConfig;
import dev.closedform.experiments.landscape.LandscapeResult;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "landscape", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Figure 1 of the paper: the loss of f(x) = W relu(theta x) on three random points, with the curve W*(theta), as a PNG.",
        footer = {"", "Examples:", "  closedform landscape --out landscape.png", "  closedform landscape --seed 3 --beta 0.01 --out l.png"})
final class LandscapeCommand implements Callable<Integer> {

    @Option(names = "--out", defaultValue = "landscape.png", description = "PNG file to write. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--seed", defaultValue = "17", description = "Seed of the three points. Default: ${DEFAULT-VALUE} (all x > 0, so theta <= 0 switches every feature off).")
    long seed;

    @Option(names = "--beta", defaultValue = "1e-3", description = "Ridge beta, so W*(theta) exists where all features vanish. Default: ${DEFAULT-VALUE}.")
    double beta;

    @Option(names = "--grid", defaultValue = "200", description = "Grid points per axis. Default: ${DEFAULT-VALUE}.")
    int grid;

    @Override
    public Integer call() throws Exception {
        LandscapeConfig config = LandscapeConfig.builder().optSeed(seed).optBeta(beta).optGrid(grid, grid).build();
        LandscapeResult result = Landscape.compute(config);
        Path file = LandscapePlot.write(result, out);
        System.out.println("wrote " + file.toAbsolutePath());
        return 0;
    }
}
