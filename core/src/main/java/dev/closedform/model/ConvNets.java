package dev.closedform.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import dev.closedform.engine.EngineSettings;
import java.util.List;

/**
 * Convolutional backbones for images given as flat rows ({@code C*H*W} values, channel-major): the
 * first block reshapes them to {@code (n, C, H, W)}. The closed-form head sits on the features
 * they output.
 */
public final class ConvNets {

    static {
        EngineSettings.ensureOffline(); // an entry point of the library: DJL offline before its engine can start
    }

    private ConvNets() {}

    /**
     * Small CNN: conv3x3(32)-relu-maxpool2 - conv3x3(64)-relu-maxpool2 - flatten - linear(128)-relu.
     * 128 features. Works for any {@code H, W >= 4} (28 x 28: 7 x 7 x 64 before the linear layer).
     */
    public static Backbone smallCnn(int channels, int height, int width) {
        return smallCnn(channels, height, width, null);
    }

    /** As {@link #smallCnn(int, int, int)}, with random crop (pad 4) and flip in training mode when {@code augmentSeed != null}. */
    public static Backbone smallCnn(int channels, int height, int width, Long augmentSeed) {
        checkImage(channels, height, width);
        SequentialBlock b = new SequentialBlock().add(toImage(channels, height, width));
        augment(b, augmentSeed);
        b.add(conv(32, 1, true)).add(Activation.reluBlock())
                .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                .add(conv(64, 1, true)).add(Activation.reluBlock())
                .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(128).build()).add(Activation.reluBlock());
        return new Backbone(b, channels * height * width, 128,
                "cnn conv32-pool-conv64-pool-fc128 on " + channels + "x" + height + "x" + width + augmentText(augmentSeed));
    }

    /**
     * ResNet for small images (He et al. 2016, CIFAR variant): conv3x3(16)-BN-relu, three stages of
     * {@code blocksPerStage} basic residual blocks with 16, 32, 64 filters (stride 2 at the start of
     * stages 2 and 3, 1x1 conv + BN projection shortcuts there), global average pooling. 64
     * features. {@code blocksPerStage = 3} is ResNet-20.
     */
    public static Backbone resnet(int channels, int height, int width, int blocksPerStage) {
        return resnet(channels, height, width, blocksPerStage, null);
    }

    /** As {@link #resnet(int, int, int, int)}, with random crop (pad 4) and flip in training mode when {@code augmentSeed != null}. */
    public static Backbone resnet(int channels, int height, int width, int blocksPerStage, Long augmentSeed) {
        checkImage(channels, height, width);
        if (blocksPerStage < 1) {
            throw new IllegalArgumentException("blocksPerStage must be >= 1, got " + blocksPerStage);
        }
        SequentialBlock b = new SequentialBlock().add(toImage(channels, height, width));
        augment(b, augmentSeed);
        b.add(conv(16, 1, false)).add(BatchNorm.builder().build()).add(Activation.reluBlock());
        int[] filters = {16, 32, 64};
        for (int stage = 0; stage < 3; stage++) {
            for (int i = 0; i < blocksPerStage; i++) {
                boolean down = stage > 0 && i == 0;
                b.add(residual(filters[stage], down ? 2 : 1, down));
            }
        }
        b.add(Pool.globalAvgPool2dBlock()).add(Blocks.batchFlattenBlock());
        return new Backbone(b, channels * height * width, 64,
                "resnet-" + (6 * blocksPerStage + 2) + " (BatchNorm) on " + channels + "x" + height + "x" + width + augmentText(augmentSeed));
    }

    /** Basic block: relu(BN(conv(relu(BN(conv(x))))) + shortcut(x)). */
    private static Block residual(int filters, int stride, boolean project) {
        SequentialBlock main = new SequentialBlock()
                .add(conv(filters, stride, false)).add(BatchNorm.builder().build()).add(Activation.reluBlock())
                .add(conv(filters, 1, false)).add(BatchNorm.builder().build());
        Block shortcut = project
                ? new SequentialBlock()
                        .add(Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(filters)
                                .optStride(new Shape(stride, stride)).optBias(false).build())
                        .add(BatchNorm.builder().build())
                : Blocks.identityBlock();
        ParallelBlock sum = new ParallelBlock(list -> {
            NDArray a = list.get(0).singletonOrThrow();
            NDArray c = list.get(1).singletonOrThrow();
            return new NDList(a.add(c));
        }, List.of(main, shortcut));
        return new SequentialBlock().add(sum).add(Activation.reluBlock());
    }

    private static Conv2d conv(int filters, int stride, boolean bias) {
        return Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(filters)
                .optStride(new Shape(stride, stride)).optPadding(new Shape(1, 1)).optBias(bias).build();
    }

    private static void augment(SequentialBlock b, Long seed) {
        if (seed != null) {
            b.add(new RandomCropFlip(4, seed));
        }
    }

    private static String augmentText(Long seed) {
        return seed == null ? "" : ", random crop (pad 4) + flip";
    }

    private static Block toImage(int c, int h, int w) {
        return LambdaBlock.singleton(x -> x.reshape(new Shape(-1, c, h, w)), "to-image");
    }

    private static void checkImage(int c, int h, int w) {
        if (c < 1 || h < 4 || w < 4) {
            throw new IllegalArgumentException("image must have >= 1 channel and be at least 4 x 4, got "
                    + c + " x " + h + " x " + w);
        }
    }
}
