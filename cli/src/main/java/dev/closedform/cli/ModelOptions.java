package dev.closedform.cli;

import dev.closedform.experiments.model.ModelSpec;
import dev.closedform.model.Activation;
import picocli.CommandLine.Option;

/** The "Model" options of train and compare. Operator tasks imply their FNO (sized by --width, --modes, --fno-layers). */
final class ModelOptions {

    @Option(names = "--model", defaultValue = "mlp", description = "mlp, cnn (conv32-pool-conv64-pool-fc128) or resnet; "
            + "cnn and resnet need an image task. Default: ${DEFAULT-VALUE}.")
    String model = "mlp";

    @Option(names = "--hidden", defaultValue = "256,256", description = "MLP hidden widths, or none (a linear model). Default: ${DEFAULT-VALUE}.")
    String hidden = "256,256";

    @Option(names = "--activation", defaultValue = "relu", description = "MLP: relu, tanh, gelu or sigmoid. Default: ${DEFAULT-VALUE}.")
    String activation = "relu";

    @Option(names = "--no-bias", description = "No constant feature, so no bias column in the last layer.")
    boolean noBias;

    @Option(names = "--resnet-blocks", defaultValue = "3", description = "resnet: residual blocks per stage (3 = ResNet-20). Default: ${DEFAULT-VALUE}.")
    int resnetBlocks = 3;

    @Option(names = "--augment", description = "cnn/resnet: random crop (pad 4) and left-right flip of training images.")
    boolean augment;

    @Option(names = "--width", description = "Operator tasks: FNO channels. Default: 64 (1-d), 32 (2-d).")
    Integer fnoWidth;

    @Option(names = "--modes", description = "Operator tasks: Fourier modes per axis. Default: 16 (1-d), 12 (2-d).")
    Integer fnoModes;

    @Option(names = "--fno-layers", description = "Operator tasks: Fourier layers. Default: 4.")
    Integer fnoLayers;

    ModelSpec spec() {
        return ModelSpec.builder().optKind(ModelSpec.Kind.parse(model)).optHidden(hidden).optActivation(Activation.parse(activation))
                .optResnetBlocks(resnetBlocks).optAugment(augment).optBias(!noBias).build();
    }
}
