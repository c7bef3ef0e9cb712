package dev.closedform.experiments.study;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.closedform.data.NpyArray;
import dev.closedform.data.Npz;
import dev.closedform.data.RegressionData;
import dev.closedform.engine.EngineSettings;
import dev.closedform.engine.GraphScalars;
import dev.closedform.experiments.model.ModelFactory;
import dev.closedform.experiments.task.PreparedData;
import dev.closedform.head.DenseMatrix;
import dev.closedform.head.GramStatistics;
import dev.closedform.head.ProximalSolver;
import dev.closedform.model.Backbone;
import dev.closedform.model.LastLayerModel;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a trained model's last layer does to its backbone, measured on its training data: the size of
 * {@code W}, the size of the gradient the squared loss sends into the backbone with that {@code W} held
 * fixed (what a backbone optimiser sees), and the test error the same backbone reaches with its exact
 * full-data ridge refit instead of its own last layer (is the head the bottleneck, or the backbone?).
 *
 * @param headNorm        {@code ||W||_F}
 * @param gradientNorm    root mean square over the training batches of the backbone gradient's global 2-norm
 * @param trainLoss       mean squared loss (training units) with the model's own head
 * @param refitTestMetric the test metric with {@code W} replaced by the exact ridge solve on all training rows
 * @param refitHeadNorm   {@code ||W*||_F} of that refit
 */
public record HeadDiagnosis(double headNorm, double gradientNorm, double trainLoss, double refitTestMetric, double refitHeadNorm) {

    static {
        EngineSettings.ensureOffline();
    }

    /**
     * Diagnoses the model saved in {@code modelNpz} ({@code model.npz} of a run folder, or null for the
     * factory's fresh initialisation with {@code initialHead}) on {@code data}, in batches of {@code batch} rows.
     */
    public static HeadDiagnosis of(PreparedData data, ModelFactory factory, Path modelNpz, DenseMatrix initialHead, int batch,
            double ridge, long seed) throws IOException {
        Backbone backbone = factory.backbone(data, seed);
        int points = backbone.pointsPerSample();
        RegressionData train = data.train();
        try (LastLayerModel model = new LastLayerModel(backbone, train.outputDim() / points, factory.bias(), seed);
             NDManager m = NDManager.newBaseManager()) {
            if (modelNpz != null) {
                load(model, Npz.read(modelNpz));
            } else if (initialHead != null) {
                model.setHead(initialHead);
            }
            float[] x = train.x();
            float[] y = train.y();
            int in = train.inputDim();
            int out = train.outputDim();
            double gradSquares = 0;
            double loss = 0;
            int batches = 0;
            GramStatistics all = null;
            for (int from = 0; from < train.rows(); from += batch) {
                int rows = Math.min(batch, train.rows() - from);
                try (NDManager step = m.newSubManager()) {
                    NDArray xb = step.create(java.util.Arrays.copyOfRange(x, from * in, (from + rows) * in), new Shape(rows, in));
                    NDArray yb = step.create(java.util.Arrays.copyOfRange(y, from * out, (from + rows) * out),
                            new Shape((long) rows * points, out / points));
                    try (GradientCollector g = Engine.getInstance().newGradientCollector()) {
                        NDArray features = model.features(xb, true);
                        NDArray l = GraphScalars.dividedBy(model.predict(features).sub(yb).square().sum(), (double) rows * points);
                        loss += l.getFloat() * rows;
                        if (!model.trainableBackboneParameters().isEmpty()) { // a linear model has nothing to differentiate
                            g.backward(l);
                        }
                        GramStatistics s = GramStatistics.of(features.stopGradient(), yb);
                        all = all == null ? s : all.plus(s);
                    }
                    double norm = 0;
                    for (NDArray p : model.trainableBackboneParameters().values()) {
                        NDArray grad = p.getGradient();
                        norm += grad.square().sum().getFloat();
                        grad.muli(0);
                    }
                    gradSquares += norm;
                    batches++;
                }
            }
            double headNorm = frobenius(model.head());
            DenseMatrix refit = ProximalSolver.ridge(all, ridge);
            model.setHead(refit);
            float[] predictions = predict(model, data.test(), m);
            double refitMetric = data.metric().compute(predictions, data.test());
            return new HeadDiagnosis(headNorm, Math.sqrt(gradSquares / batches), loss / train.rows(), refitMetric, frobenius(refit));
        }
    }

    private static float[] predict(LastLayerModel model, RegressionData d, NDManager m) {
        int in = d.inputDim();
        float[] x = d.x();
        float[] out = new float[d.rows() * d.outputDim()];
        int chunk = 32;
        for (int from = 0; from < d.rows(); from += chunk) {
            int rows = Math.min(chunk, d.rows() - from);
            try (NDManager s = m.newSubManager()) {
                NDArray xb = s.create(java.util.Arrays.copyOfRange(x, from * in, (from + rows) * in), new Shape(rows, in));
                float[] p = model.predict(model.features(xb, false)).toFloatArray();
                System.arraycopy(p, 0, out, from * d.outputDim(), p.length);
            }
        }
        return out;
    }

    private static void load(LastLayerModel model, Map<String, NpyArray> arrays) {
        for (Map.Entry<String, NDArray> p : model.backboneParameters().entrySet()) {
            NpyArray a = arrays.get("backbone." + p.getKey());
            if (a == null) {
                throw new IllegalArgumentException("model.npz has no array backbone." + p.getKey());
            }
            p.getValue().set(FloatBuffer.wrap(a.toFloatArray()));
        }
        NpyArray w = arrays.get("head.W");
        model.setHead(DenseMatrix.of(model.outputDim(), model.headFeatureDim(), w.toDoubleArray()));
    }

    private static double frobenius(DenseMatrix w) {
        double s = 0;
        for (double v : w.data()) {
            s += v * v;
        }
        return Math.sqrt(s);
    }
}
