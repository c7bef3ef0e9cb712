package dev.closedform.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.training.GradientCollector;
import dev.closedform.engine.NoGradient;
import dev.closedform.head.DenseMatrix;
import dev.closedform.head.GramPrecision;
import dev.closedform.train.HeadBatch;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The second forward pass of backbone-first: what {@link LastLayerModel#jointKeepingStatistics} returns and records. */
class SecondForwardTest {

    private static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }

    /** Whether autograd recorded a graph behind this result: backward through it works only then. */
    private static boolean recordsGraph(NDArray a) {
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            collector.backward(a.sum());
            return true;
        } catch (EngineException e) {
            return false; // "element 0 of tensors does not require grad and does not have a grad_fn"
        }
    }

    @Test
    void jointIsFeaturesOnesAndTargetsInOneArray() {
        try (LastLayerModel model = new LastLayerModel(Mlp.build(3, new int[] {6}, Activation.TANH), 2, true, 3);
             NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(random(15, 1), new Shape(5, 3));
            NDArray y = m.create(random(10, 2), new Shape(5, 2));
            NDArray joint = model.jointKeepingStatistics(x, y);
            assertEquals(new Shape(5, 9), joint.getShape());
            assertArrayEquals(model.features(x, true).concat(y, 1).toFloatArray(), joint.toFloatArray(), 0f);
            assertArrayEquals(model.features(x, true).toFloatArray(), model.featuresKeepingStatistics(x).toFloatArray(), 0f);
        }
    }

    /**
     * libtorch records graphs by default on threads DJL did not set up; the second pass must not,
     * wherever it runs (a graph would hold every activation until the step ends).
     */
    @Test
    void noGraphIsRecordedEvenOnAThreadThatRecordsByDefault() throws InterruptedException {
        try (LastLayerModel model = new LastLayerModel(Mlp.build(3, new int[] {6}, Activation.TANH), 1, true, 3);
             NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(random(12, 3), new Shape(4, 3));
            AtomicReference<boolean[]> seen = new AtomicReference<>();
            Thread t = new Thread(() -> {
                boolean recordingBefore = NoGradient.recording();
                boolean plainForwardRecords = recordsGraph(model.features(x, true));
                boolean secondPassRecords = recordsGraph(model.jointKeepingStatistics(x, null));
                seen.set(new boolean[] {recordingBefore, plainForwardRecords, secondPassRecords, NoGradient.recording()});
            });
            t.start();
            t.join();
            boolean[] s = seen.get();
            assertTrue(s[0] && s[1], "a fresh thread records graphs (else this test proves nothing)");
            assertFalse(s[2], "the second pass recorded a graph");
            assertTrue(s[3], "the thread's own mode is restored afterwards");
        }
    }

    /** A joint batch (views into [Phi, Y]) solves exactly as the separate arrays, primal and dual. */
    @Test
    void jointBatchSolvesAsTheSeparateOne() {
        try (NDManager m = NDManager.newBaseManager()) {
            for (int n : new int[] {40, 6}) { // primal (n >= d / 2) and dual (n < d / 2)
                int d = 13;
                NDArray f = m.create(random(n * d, n), new Shape(n, d));
                NDArray y = m.create(random(n * 2, n + 1), new Shape(n, 2));
                DenseMatrix prev = DenseMatrix.of(2, d, new double[2 * d]);
                HeadBatch separate = new HeadBatch(List.of(f), List.of(y), true, GramPrecision.FLOAT64);
                HeadBatch joint = HeadBatch.ofJoint(List.of(f.concat(y, 1)), d, true, GramPrecision.FLOAT64);
                assertEquals(separate.solvesFromStatistics(), joint.solvesFromStatistics());
                assertEquals(n >= d / 2.0, joint.solvesFromStatistics(), "n = " + n);
                assertEquals(0.0, separate.solve(0.5, 1e-2, prev).maxAbsDiff(joint.solve(0.5, 1e-2, prev)), 0.0, "n = " + n);
            }
        }
    }
}
