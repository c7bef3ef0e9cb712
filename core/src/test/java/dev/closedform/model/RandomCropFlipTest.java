package dev.closedform.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

class RandomCropFlipTest {

    static final int N = 40;
    static final int C = 2;
    static final int H = 5;
    static final int W = 6;
    static final int PAD = 2;

    /** Pixel (c, y, x) of image i after zero padding by PAD, cropping at (dy, dx) and optional flip. */
    static float expected(float[] in, int i, int c, int y, int x, int dy, int dx, boolean flip) {
        int xx = flip ? W - 1 - x : x;
        int sy = y + dy - PAD;
        int sx = xx + dx - PAD;
        if (sy < 0 || sy >= H || sx < 0 || sx >= W) {
            return 0;
        }
        return in[((i * C + c) * H + sy) * W + sx];
    }

    @Test
    void everyTrainingImageIsACropOrFlippedCropAndEvaluationIsIdentity() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] in = new float[N * C * H * W];
            for (int j = 0; j < in.length; j++) {
                in[j] = 1 + j; // all distinct and non-zero
            }
            NDArray x = m.create(in, new Shape(N, C, H, W));
            RandomCropFlip block = new RandomCropFlip(PAD, 9);
            block.initialize(m, DataType.FLOAT32, new Shape(N, C, H, W));
            ParameterStore ps = new ParameterStore(m, false);
            assertArrayEquals(in, block.forward(ps, new NDList(x), false).singletonOrThrow().toFloatArray());
            NDArray y = block.forward(ps, new NDList(x), true).singletonOrThrow();
            assertEquals(new Shape(N, C, H, W), y.getShape());
            float[] out = y.toFloatArray();
            int flipped = 0;
            int shifted = 0;
            for (int i = 0; i < N; i++) {
                boolean found = false;
                for (int dy = 0; dy <= 2 * PAD && !found; dy++) {
                    for (int dx = 0; dx <= 2 * PAD && !found; dx++) {
                        for (boolean flip : new boolean[] {false, true}) {
                            boolean all = true;
                            for (int c = 0; c < C && all; c++) {
                                for (int yy = 0; yy < H && all; yy++) {
                                    for (int xx = 0; xx < W && all; xx++) {
                                        all = out[((i * C + c) * H + yy) * W + xx] == expected(in, i, c, yy, xx, dy, dx, flip);
                                    }
                                }
                            }
                            if (all) {
                                found = true;
                                flipped += flip ? 1 : 0;
                                shifted += dy != PAD || dx != PAD ? 1 : 0;
                                break;
                            }
                        }
                    }
                }
                assertTrue(found, "image " + i + " is not a padded crop (optionally flipped) of its input");
            }
            assertTrue(flipped > 5 && flipped < N - 5, "flips " + flipped + " of " + N);
            assertTrue(shifted > N / 2, "shifted crops " + shifted + " of " + N);
        }
    }

    @Test
    void augmentedCnnHasTheSameFeatureShape() {
        Backbone b = ConvNets.smallCnn(3, 32, 32, 5L);
        assertTrue(b.description().contains("flip"), b.description());
        try (LastLayerModel model = new LastLayerModel(b, 10, true, 1); NDManager m = NDManager.newBaseManager()) {
            assertEquals(new Shape(4, 129), model.features(m.randomNormal(new Shape(4, 3072)), true).getShape());
        }
    }
}
