package dev.closedform.cli;

import picocli.CommandLine.ArgGroup;

/** The option groups of the iv commands, with their headings: one declaration for train and compare. */
final class IvGroups {

    @ArgGroup(validate = false, heading = "%nNetworks%n", order = 2)
    IvNetworkOptions nets = new IvNetworkOptions();

    @ArgGroup(validate = false, heading = "%nStages%n", order = 3)
    IvStageOptions stages = new IvStageOptions();

    @ArgGroup(validate = false, heading = "%nTraining%n", order = 4)
    IvTrainingOptions training = new IvTrainingOptions();

    @ArgGroup(validate = false, heading = "%nRun%n", order = 5)
    RunOptions run = new RunOptions();
}
