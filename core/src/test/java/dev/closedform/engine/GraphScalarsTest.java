package dev.closedform.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

/**
 * A scalar factor in the autograd graph must survive a garbage collection between forward and backward,
 * while the JVM hands out new scalar buffers (each DJL {@code create(Number)} takes one). With
 * {@code x.sum().div(4f)} in place of {@link GraphScalars#dividedBy} these gradients came out as 1/1023
 * (a reused buffer's value) or infinity.
 */
class GraphScalarsTest {

    @Test
    void factorsSurviveACollectionBeforeBackward() throws InterruptedException {
        for (int trial = 0; trial < 4; trial++) {
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray x = m.ones(new Shape(4));
                x.setRequiresGradient(true);
                try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                    NDArray y = GraphScalars.times(GraphScalars.dividedBy(x.sum(), 4), 3);
                    churn(m);
                    c.backward(y);
                }
                for (float g : x.getGradient().toFloatArray()) {
                    assertEquals(0.75f, g, 0f, "trial " + trial);
                }
            }
        }
    }

    /** Lets the collector free unreachable direct buffers and the allocator reuse them. */
    private static void churn(NDManager m) throws InterruptedException {
        System.gc();
        Thread.sleep(30);
        for (int i = 0; i < 100; i++) {
            m.create(1000f + i).close();
        }
    }
}
