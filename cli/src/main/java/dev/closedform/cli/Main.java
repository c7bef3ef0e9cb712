package dev.closedform.cli;

import ai.djl.engine.Engine;
import dev.closedform.experiments.run.Provenance;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code closedform} command-line tool. */
@Command(
        name = "closedform",
        mixinStandardHelpOptions = true,
        versionProvider = Main.VersionProvider.class,
        description = {
            "Train neural networks whose last layer is kept at its closed-form (ridge / proximal) optimum,",
            "and compare with SGD and Adam (arXiv:2510.04606)."
        },
        subcommands = {
            TrainCommand.class, CompareCommand.class, IvCommand.class, TasksCommand.class, DataCommand.class,
            LandscapeCommand.class, BenchCommand.class, ReproduceCommand.class, TimeToTargetCommand.class,
            CommandLine.HelpCommand.class
        },
        footer = {"", "Examples:", "  closedform compare", "  closedform train --task friedman --method cf-prox --out runs/demo",
            "  closedform train --help"})
public final class Main implements Runnable {

    /** Exit code for bad arguments or bad input data. */
    public static final int USAGE = 2;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the tool and returns its exit code (tests call this instead of {@link #main}). */
    public static int execute(String... args) {
        OfflineDjl.enforce();
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            // one line in words, no class name: bad options and data exit with 2, failed runs with 1
            commandLine.getErr().println("closedform: " + FailureMessages.describe(e));
            if (System.getenv("CLOSEDFORM_DEBUG") != null) {
                e.printStackTrace(commandLine.getErr());
            }
            return FailureMessages.isUsage(e) ? USAGE : 1;
        });
        cli.setParameterExceptionHandler((e, args1) -> {
            e.getCommandLine().getErr().println("closedform: " + e.getMessage()
                    + " (see '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            return USAGE;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** Lets {@code --version} print the tool and engine versions. */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"closedform " + Provenance.version()
                    + Provenance.gitCommit().map(c -> " (" + c.substring(0, 12) + ")").orElse(""),
                "DJL " + Engine.getDjlVersion() + ", engine " + Engine.getInstance().getEngineName() + " "
                    + Engine.getInstance().getVersion()};
        }
    }
}
