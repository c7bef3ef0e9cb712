package dev.closedform.experiments.theory;

import ai.djl.ndarray.NDArray;
import dev.closedform.model.LastLayerModel;

/** Hidden units that are off (ReLU output exactly 0) on every given input row. */
final class DeadUnits {

    private DeadUnits() {}

    /** One flag per backbone feature (the head's bias column excluded). */
    static boolean[] flags(LastLayerModel model, NDArray x) {
        int units = model.backbone().featureDim();
        int width = model.headFeatureDim();
        float[] f = model.features(x, false).toFloatArray();
        int rows = f.length / width;
        boolean[] dead = new boolean[units];
        java.util.Arrays.fill(dead, true);
        for (int i = 0; i < rows; i++) {
            for (int k = 0; k < units; k++) {
                if (f[i * width + k] != 0f) {
                    dead[k] = false;
                }
            }
        }
        return dead;
    }

    static int count(boolean[] flags) {
        int c = 0;
        for (boolean b : flags) {
            if (b) {
                c++;
            }
        }
        return c;
    }
}
