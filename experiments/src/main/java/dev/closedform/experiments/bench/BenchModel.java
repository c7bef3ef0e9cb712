package dev.closedform.experiments.bench;

import dev.closedform.model.Activation;
import dev.closedform.model.Backbone;
import dev.closedform.model.ConvNets;
import dev.closedform.model.FnoConfig;
import dev.closedform.model.Mlp;
import dev.closedform.train.UpdateOrder;
import java.util.Locale;

/** The backbones the benchmark times, each on random data of its own shape. */
public enum BenchModel {
    /** An MLP with the configured widths. */
    MLP,
    /** The small CNN on 1 x 28 x 28 images. */
    CNN,
    /** ResNet-20 on 1 x 28 x 28 images. */
    RESNET,
    /** The standard FNO-1d (549,569 parameters); head rows are samples x grid points. */
    FNO1D,
    /** The standard FNO-2d (2,368,001 parameters). */
    FNO2D;

    public static BenchModel parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (BenchModel m : values()) {
            if (m.label().equals(t)) {
                return m;
            }
        }
        throw new IllegalArgumentException("model: expected mlp, cnn, resnet, fno1d or fno2d, got '" + text + "'");
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The update order of the closed-form methods when none is given, as for training: last-layer-first
     * for the convolutional backbones (their forward pass is most of a step), backbone-first otherwise.
     */
    public UpdateOrder preferredOrder() {
        return this == CNN || this == RESNET ? UpdateOrder.LAST_LAYER_FIRST : UpdateOrder.BACKBONE_FIRST;
    }

    public boolean isOperator() {
        return this == FNO1D || this == FNO2D;
    }

    /** The operator's configuration on {@code grid} points per axis (0: the standard 1024 or 85). */
    FnoConfig fno(int grid) {
        return switch (this) {
            case FNO1D -> FnoConfig.standard1d(grid > 0 ? grid : 1024);
            case FNO2D -> FnoConfig.standard2d(grid > 0 ? grid : 85);
            default -> throw new IllegalStateException(this + " is not an operator");
        };
    }

    /** A fresh backbone (each timed run builds its own). */
    Backbone backbone(StepBenchConfig c) {
        return switch (this) {
            case MLP -> Mlp.build(c.inputs(), c.hidden(), Activation.RELU);
            case CNN -> ConvNets.smallCnn(1, 28, 28);
            case RESNET -> ConvNets.resnet(1, 28, 28, 3);
            case FNO1D, FNO2D -> fno(c.grid()).backbone();
        };
    }
}
