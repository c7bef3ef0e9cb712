package dev.closedform.experiments.model;

import dev.closedform.experiments.task.PreparedData;
import dev.closedform.experiments.task.Tasks;
import dev.closedform.model.Activation;
import dev.closedform.model.Backbone;
import dev.closedform.model.ConvNets;
import dev.closedform.model.Mlp;
import dev.closedform.train.UpdateOrder;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The backbones the command line offers: an MLP on any rows, the small CNN or a ResNet on image rows;
 * a task that implies its model (operator tasks: FNO) overrides the kind.
 *
 * @param kind          mlp, cnn or resnet
 * @param hidden        MLP hidden widths (empty: a linear model)
 * @param activation    MLP non-linearity
 * @param resnetBlocks  residual blocks per stage (3 = ResNet-20)
 * @param augment       cnn/resnet: random crop and flip of training images
 * @param bias          append a constant feature (a bias column of the head)
 */
public record ModelSpec(Kind kind, int[] hidden, Activation activation, int resnetBlocks, boolean augment, boolean bias)
        implements ModelFactory {

    /** The backbone families. */
    public enum Kind {
        MLP, CNN, RESNET;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Kind parse(String name) {
            for (Kind k : values()) {
                if (k.label().equals(name.trim().toLowerCase(Locale.ROOT))) {
                    return k;
                }
            }
            throw new IllegalArgumentException("--model: expected mlp, cnn or resnet, got '" + name + "'");
        }
    }

    public ModelSpec {
        if (kind == null || activation == null) {
            throw new IllegalArgumentException("kind and activation must be set");
        }
        hidden = hidden.clone();
        if (resnetBlocks < 1) {
            throw new IllegalArgumentException("--resnet-blocks must be >= 1, got " + resnetBlocks);
        }
        if (augment && kind == Kind.MLP) {
            throw new IllegalArgumentException("--augment needs --model cnn or resnet (the MLP sees flat rows)");
        }
    }

    /** MLP 256-256 with ReLU and a bias: the default model. */
    public static ModelSpec defaults() {
        return builder().build();
    }

    @Override
    public Backbone backbone(PreparedData data, long seed) {
        if (data.model() != null) {
            return data.model().get();
        }
        if (kind == Kind.MLP) {
            return Mlp.build(data.train().inputDim(), hidden, activation);
        }
        int[] image = data.imageShape();
        if (image == null) {
            throw new IllegalArgumentException("--model " + kind.label() + " needs an image task (" + String.join(", ",
                    Tasks.all().stream().filter(t -> t.kind() == dev.closedform.experiments.task.TaskKind.IMAGE)
                            .map(t -> t.name()).toList()) + "); this task has plain rows: use --model mlp");
        }
        Long augmentSeed = augment ? seed : null;
        return kind == Kind.CNN ? ConvNets.smallCnn(image[0], image[1], image[2], augmentSeed)
                : ConvNets.resnet(image[0], image[1], image[2], resnetBlocks, augmentSeed);
    }

    /**
     * Convolutional backbones solve the head on the gradient pass's features: their forward pass is
     * most of an SGD step on the CPU, and a second one (backbone-first) cost 1.6x an SGD step on
     * Fashion-MNIST against 1.12x, at the same accuracy (docs/classification.md).
     */
    @Override
    public UpdateOrder preferredOrder() {
        return kind == Kind.MLP ? UpdateOrder.BACKBONE_FIRST : UpdateOrder.LAST_LAYER_FIRST;
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", kind.label());
        m.put("augment", augment);
        if (kind == Kind.MLP) {
            m.put("hidden", hidden.length == 0 ? "none" : String.join(",", Arrays.stream(hidden).mapToObj(Integer::toString).toList()));
            m.put("activation", activation.name().toLowerCase(Locale.ROOT));
        }
        if (kind == Kind.RESNET) {
            m.put("resnet_blocks", resnetBlocks);
        }
        return m;
    }

    /** A short human description, e.g. {@code MLP 256,256 (relu)}. */
    public String label() {
        return switch (kind) {
            case MLP -> "MLP " + describe().get("hidden") + " (" + describe().get("activation") + ")";
            case CNN -> "CNN";
            case RESNET -> "ResNet (" + resnetBlocks + " blocks per stage)";
        };
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Every option is optional: MLP 256-256, ReLU, 3 blocks, no augmentation, with bias. */
    public static final class Builder {
        private Kind kind = Kind.MLP;
        private int[] hidden = {256, 256};
        private Activation activation = Activation.RELU;
        private int resnetBlocks = 3;
        private boolean augment;
        private boolean bias = true;

        public Builder optKind(Kind v) { kind = v; return this; }
        public Builder optHidden(int[] v) { hidden = v.clone(); return this; }
        /** Widths as {@code "256,256"}, or {@code "none"} for a linear model. */
        public Builder optHidden(String spec) { hidden = Mlp.parseHidden(spec); return this; }
        public Builder optActivation(Activation v) { activation = v; return this; }
        public Builder optResnetBlocks(int v) { resnetBlocks = v; return this; }
        public Builder optAugment(boolean v) { augment = v; return this; }
        public Builder optBias(boolean v) { bias = v; return this; }

        public ModelSpec build() {
            return new ModelSpec(kind, hidden, activation, resnetBlocks, augment, bias);
        }
    }
}
