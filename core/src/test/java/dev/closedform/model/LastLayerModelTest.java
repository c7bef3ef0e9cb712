package dev.closedform.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.closedform.head.DenseMatrix;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The model is f(x) = W [phi(x); 1] with the bias as the last column of W. */
class LastLayerModelTest {

    private static final float[] X = {0.5f, -1f, 2f, 0.25f, 1.5f, -0.75f}; // 2 rows x 3 inputs

    @Test
    void identityBackboneFeaturesAreInputsWithOnesColumn() {
        try (LastLayerModel model = new LastLayerModel(Mlp.build(3, new int[0], Activation.RELU), 2, true, 1);
             NDManager m = NDManager.newBaseManager()) {
            assertEquals(4, model.headFeatureDim());
            assertTrue(model.backboneParameters().isEmpty());
            NDArray f = model.features(m.create(X, new Shape(2, 3)), false);
            assertEquals(new Shape(2, 4), f.getShape());
            assertArrayEquals(new float[] {0.5f, -1f, 2f, 1f, 0.25f, 1.5f, -0.75f, 1f}, f.toFloatArray());
            assertEquals(8, model.parameterCount());
        }
    }

    @Test
    void predictIsHeadTimesFeaturesWithBiasLast() {
        try (LastLayerModel model = new LastLayerModel(Mlp.build(3, new int[0], Activation.RELU), 2, true, 1);
             NDManager m = NDManager.newBaseManager()) {
            // W (2 x 4): output 0 = x0 + 2 x2 + 10, output 1 = -x1 + 0.5
            DenseMatrix w = DenseMatrix.of(2, 4, 1, 0, 2, 10, 0, -1, 0, 0.5);
            model.setHead(w);
            assertEquals(0, model.head().maxAbsDiff(w));
            float[] p = model.predict(model.features(m.create(X, new Shape(2, 3)), false)).toFloatArray();
            assertArrayEquals(new float[] {0.5f + 4f + 10f, 1f + 0.5f, 0.25f - 1.5f + 10f, -1.5f + 0.5f}, p, 1e-6f);
        }
    }

    @Test
    void withoutBiasThereIsNoOnesColumn() {
        try (LastLayerModel model = new LastLayerModel(Mlp.build(3, new int[0], Activation.RELU), 1, false, 1);
             NDManager m = NDManager.newBaseManager()) {
            assertEquals(3, model.headFeatureDim());
            assertArrayEquals(X, model.features(m.create(X, new Shape(2, 3)), false).toFloatArray());
        }
    }

    @Test
    void mlpFeaturesArePostActivationOfTheLastHiddenLayer() {
        try (LastLayerModel model = new LastLayerModel(Mlp.build(3, new int[] {5, 4}, Activation.RELU), 1, true, 7);
             NDManager m = NDManager.newBaseManager()) {
            assertEquals(5, model.headFeatureDim());
            Map<String, NDArray> params = model.backboneParameters();
            assertEquals(4, params.size(), params.keySet().toString());
            assertEquals(3 * 5 + 5 + 5 * 4 + 4 + 5, model.parameterCount());
            float[] f = model.features(m.create(X, new Shape(2, 3)), false).toFloatArray();
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 4; j++) {
                    assertTrue(f[i * 5 + j] >= 0, "relu output must be >= 0");
                }
                assertEquals(1f, f[i * 5 + 4]);
            }
        }
    }

    @Test
    void sameSeedSameInitialisation() {
        try (LastLayerModel a = new LastLayerModel(Mlp.build(3, new int[] {6}, Activation.TANH), 1, true, 42);
             LastLayerModel b = new LastLayerModel(Mlp.build(3, new int[] {6}, Activation.TANH), 1, true, 42);
             LastLayerModel c = new LastLayerModel(Mlp.build(3, new int[] {6}, Activation.TANH), 1, true, 43)) {
            for (String k : a.backboneParameters().keySet()) {
                assertArrayEquals(a.backboneParameters().get(k).toFloatArray(), b.backboneParameters().get(k).toFloatArray());
            }
            String weight = a.backboneParameters().keySet().iterator().next();
            assertTrue(!java.util.Arrays.equals(a.backboneParameters().get(weight).toFloatArray(),
                    c.backboneParameters().get(weight).toFloatArray()), "another seed, another init");
        }
    }

    @Test
    void setHeadRejectsWrongShapeAndNonFiniteValues() {
        try (LastLayerModel model = new LastLayerModel(Mlp.build(3, new int[0], Activation.RELU), 2, true, 1)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> model.setHead(DenseMatrix.zeros(2, 3)));
            assertTrue(e.getMessage().contains("2 x 4"), e.getMessage());
            DenseMatrix bad = DenseMatrix.zeros(2, 4);
            bad.set(1, 2, Double.NaN);
            assertThrows(ArithmeticException.class, () -> model.setHead(bad));
        }
    }

    @Test
    void mlpValidatesAndParses() {
        assertThrows(IllegalArgumentException.class, () -> Mlp.build(0, new int[0], Activation.RELU));
        assertThrows(IllegalArgumentException.class, () -> Mlp.build(2, new int[] {3, 0}, Activation.RELU));
        assertArrayEquals(new int[] {256, 128}, Mlp.parseHidden(" 256, 128 "));
        assertArrayEquals(new int[0], Mlp.parseHidden("none"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Mlp.parseHidden("12,x"));
        assertTrue(e.getMessage().contains("12,x"));
        assertEquals(Activation.GELU, Activation.parse(" Gelu"));
        assertThrows(IllegalArgumentException.class, () -> Activation.parse("swish"));
    }
}
