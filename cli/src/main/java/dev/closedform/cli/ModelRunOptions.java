package dev.closedform.cli;

import picocli.CommandLine.ArgGroup;

/** The option groups train and compare share, with their headings: one declaration for both commands. */
final class ModelRunOptions {

    @ArgGroup(validate = false, heading = "%nData%n", order = 1)
    DataOptions data = new DataOptions();

    @ArgGroup(validate = false, heading = "%nModel%n", order = 2)
    ModelOptions model = new ModelOptions();

    @ArgGroup(validate = false, heading = "%nLast layer%n", order = 3)
    MethodOptions method = new MethodOptions();

    @ArgGroup(validate = false, heading = "%nTraining%n", order = 4)
    TrainingOptions training = new TrainingOptions();

    @ArgGroup(validate = false, heading = "%nRun%n", order = 5)
    RunOptions run = new RunOptions();
}
