package dev.closedform.cli;

import picocli.CommandLine.Option;

/** The "Networks" options of the iv commands. */
final class IvNetworkOptions {

    @Option(names = "--features", defaultValue = "mlp", description = "mlp (DFIV) or linear (identity feature maps: "
            + "ridge-regularised 2SLS, no training). Default: ${DEFAULT-VALUE}.")
    String features = "mlp";

    @Option(names = "--treatment-hidden", defaultValue = "16,1", description = "Treatment net widths (last = feature count). Default: ${DEFAULT-VALUE}.")
    String treatmentHidden = "16,1";

    @Option(names = "--instrument-hidden", defaultValue = "128,64,32", description = "Instrument net widths. Default: ${DEFAULT-VALUE}.")
    String instrumentHidden = "128,64,32";

    @Option(names = "--covariate-hidden", defaultValue = "128,32,16", description = "Covariate net widths. Default: ${DEFAULT-VALUE}.")
    String covariateHidden = "128,32,16";

    @Option(names = "--batch-norm", defaultValue = "on", description = "on (BatchNorm on the instrument features and in the "
            + "covariate net, as the original DFIV) or off. Default: ${DEFAULT-VALUE}.")
    String batchNorm = "on";
}
