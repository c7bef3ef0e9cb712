package dev.closedform.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code closedform iv}: deep-feature instrumental-variable regression with two closed-form stages. */
@Command(name = "iv", mixinStandardHelpOptions = true,
        description = {"Instrumental-variable regression (DFIV): treatment, instrument and covariate networks with both",
            "linear stages in closed form. train: your own table; compare: the demand design over n x rho x methods x seeds;",
            "data: write a demand-design sample."},
        subcommands = {IvTrainCommand.class, IvCompareCommand.class, IvDataCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Examples:",
            "  closedform iv train --data iv.csv --outcome y --treatment p --instruments c --covariates t,s --grid grid.csv --out runs/iv",
            "  closedform iv compare --n 1000,5000 --rho 0.1,0.5,0.9 --seeds 5 --out runs/dfiv",
            "  closedform iv data --n 5000 --rho 0.5 --seed 1 --out demand.npz"})
final class IvCommand implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
