package dev.closedform.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.closedform.head.DenseMatrix;
import dev.closedform.model.LastLayerModel;
import dev.closedform.train.EpochMetrics;
import dev.closedform.train.TrainingResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What two runs must agree on: head W, every backbone parameter, per-epoch metrics; relative to the reference. */
record Replicas(DenseMatrix head, Map<String, float[]> backbone, List<EpochMetrics> epochs) {

    static Replicas of(LastLayerModel model, TrainingResult result) {
        Map<String, float[]> b = new LinkedHashMap<>();
        model.backboneParameters().forEach((k, v) -> b.put(k, v.toFloatArray()));
        return new Replicas(model.head(), b, result.epochs());
    }

    /** Largest difference relative to the reference's largest magnitude, over W and each parameter array. */
    static void assertSame(Replicas reference, Replicas other, double tolerance) {
        assertEquals(reference.backbone.keySet(), other.backbone.keySet());
        assertRelative("head W", reference.head.data(), other.head.data(), tolerance);
        reference.backbone.forEach((name, a) -> assertRelative(name, toDouble(a), toDouble(other.backbone.get(name)), tolerance));
        assertEquals(reference.epochs.size(), other.epochs.size(), "epochs");
        for (int e = 0; e < reference.epochs.size(); e++) {
            EpochMetrics r = reference.epochs.get(e);
            EpochMetrics o = other.epochs.get(e);
            assertEquals(r.steps(), o.steps(), "steps of epoch " + r.epoch());
            assertEquals(r.trainLoss(), o.trainLoss(), tolerance * Math.abs(r.trainLoss()), "train loss of epoch " + r.epoch());
            assertEquals(r.testMetric(), o.testMetric(), tolerance * Math.abs(r.testMetric()), "test metric of epoch " + r.epoch());
        }
    }

    static double maxRelative(double[] reference, double[] other) {
        double scale = 0;
        double diff = 0;
        for (int i = 0; i < reference.length; i++) {
            scale = Math.max(scale, Math.abs(reference[i]));
            diff = Math.max(diff, Math.abs(reference[i] - other[i]));
        }
        return scale == 0 ? diff : diff / scale;
    }

    private static void assertRelative(String what, double[] reference, double[] other, double tolerance) {
        assertEquals(reference.length, other.length, what + " size");
        double rel = maxRelative(reference, other);
        if (!(rel <= tolerance)) {
            throw new AssertionError(what + " differs by " + rel + " (relative to its largest entry), tolerance " + tolerance);
        }
    }

    private static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }
}
