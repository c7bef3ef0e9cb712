package dev.closedform.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.closedform.engine.EngineSettings;
import java.util.Random;

/**
 * Standard small-image augmentation as a parameter-free block on {@code (n, C, H, W)} images: in
 * training mode each image is zero-padded by {@code pad} pixels, cropped back to {@code H x W} at a
 * random offset and flipped left-right with probability 1/2; in evaluation mode it is the identity.
 * Draws come from a {@link Random} that the training loop reseeds before every step from
 * {@code (seed, epoch, step)} ({@link StepSeeded}), so a run is reproducible and a resumed run
 * draws what an uninterrupted one would. Within a step the draws continue: the second forward
 * pass of {@code cf-prox} draws a fresh augmentation of the same batch.
 */
public final class RandomCropFlip extends AbstractBlock implements StepSeeded {

    static {
        EngineSettings.ensureOffline(); // an entry point of the library: DJL offline before its engine can start
    }

    private final int pad;
    private final long seed;
    private Random random;

    public RandomCropFlip(int pad, long seed) {
        if (pad < 0) {
            throw new IllegalArgumentException("pad must be >= 0, got " + pad);
        }
        this.pad = pad;
        this.seed = seed;
        this.random = new Random(seed);
    }

    @Override
    public void reseed(int epoch, int step) {
        // distinct (seed, epoch, step) triples give unrelated streams: mix, then let Random scramble
        random = new Random(mix(mix(mix(seed) + epoch) + step));
    }

    /** SplitMix64's finaliser: a bijection on longs that spreads nearby inputs apart. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        if (!training) {
            return inputs;
        }
        Shape s = x.getShape();
        int n = (int) s.get(0);
        long h = s.get(2);
        long w = s.get(3);
        NDArray padded = pad == 0 ? x : x.pad(new Shape(pad, pad, pad, pad), 0);
        NDList out = new NDList(n);
        for (int i = 0; i < n; i++) {
            int dy = random.nextInt(2 * pad + 1);
            int dx = random.nextInt(2 * pad + 1);
            NDArray crop = padded.get(new NDIndex("{}, :, {}:{}, {}:{}", i, dy, dy + h, dx, dx + w));
            if (random.nextBoolean()) {
                crop = crop.flip(2);
            }
            out.add(crop);
        }
        return new NDList(NDArrays.stack(out));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }
}
