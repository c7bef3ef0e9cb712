package dev.closedform.experiments.theory;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.closedform.data.RegressionData;
import dev.closedform.experiments.task.FriedmanTask;
import dev.closedform.experiments.task.PreparedData;
import dev.closedform.head.DenseMatrix;
import dev.closedform.head.ProximalSolver;
import dev.closedform.model.LastLayerModel;
import dev.closedform.train.Method;
import dev.closedform.train.TrainingConfig;
import dev.closedform.train.TrainingLoop;
import dev.closedform.train.TrainingResult;
import java.util.ArrayList;
import java.util.List;

/**
 * Trains {@code f(x) = W relu(A x) / sqrt(m)} with the library's {@code cf-full} (exact ridge {@code W}
 * on all training rows, then a gradient step on {@code A}) at growing widths and measures how far its
 * test predictions are from kernel ridge regression with the analytic kernels of {@link ReluKernels}.
 * See {@code docs/theory.md} for why the limit is the readout kernel {@code K1}, not the full NTK.
 */
public final class NtkExperiment {

    /** Training rows on which the hidden layer's empirical tangent-kernel block is measured. */
    static final int BLOCK_ROWS = 32;

    private NtkExperiment() {}

    public static NtkResult run(NtkConfig c) {
        return run(c, TheoryProgress.NONE);
    }

    public static NtkResult run(NtkConfig c, TheoryProgress progress) {
        long start = System.nanoTime();
        PreparedData data = new FriedmanTask(c.trainRows(), c.testRows(), 1.0, true).prepare(c.dataSeed());
        double[][] xTrain = rows(data.train());
        double[][] xTest = rows(data.test());
        double[] y = targets(data.train());
        double[] readoutKrr = KernelRidge.predict(ReluKernels.matrix(ReluKernels::k1, xTrain, xTrain),
                ReluKernels.matrix(ReluKernels::k1, xTest, xTrain), y, c.beta());
        ReluKernels.Kernel ntk = (u, v) -> ReluKernels.ntk(u, v, 1.0);
        double[] ntkKrr = KernelRidge.predict(ReluKernels.matrix(ntk, xTrain, xTrain),
                ReluKernels.matrix(ntk, xTest, xTrain), y, c.beta());
        double krrTrainLoss = readoutKrrTrainLoss(xTrain, y, c.beta());

        List<NtkResult.Measurement> runs = new ArrayList<>();
        int total = c.widths().length * c.seeds();
        for (int width : c.widths()) {
            for (int seed = 1; seed <= c.seeds(); seed++) {
                runs.add(measure(c, data, width, seed, readoutKrr, ntkKrr));
                progress.advanced(runs.size(), total, "width " + width + ", seed " + seed);
            }
        }
        return new NtkResult(c, runs, relative(ntkKrr, readoutKrr), krrTrainLoss, (System.nanoTime() - start) / 1e9);
    }

    private static NtkResult.Measurement measure(NtkConfig c, PreparedData data, int width, int seed,
                                                 double[] readoutKrr, double[] ntkKrr) {
        RegressionData train = data.train();
        RegressionData test = data.test();
        try (LastLayerModel model = new LastLayerModel(NtkBackbone.build(train.inputDim(), width), 1, false, seed);
             NDManager manager = NDManager.newBaseManager()) {
            NDArray xTrain = manager.create(train.x(), new Shape(train.rows(), train.inputDim()));
            NDArray yTrain = manager.create(train.y(), new Shape(train.rows(), 1));
            NDArray xTest = manager.create(test.x(), new Shape(test.rows(), test.inputDim()));
            // the state cf-full's first step starts from: W*(A_0) on the initial features
            DenseMatrix w0 = ProximalSolver.ridge(model.features(xTrain, false), yTrain, c.beta());
            model.setHead(w0);
            double[] initial = predictions(model, xTest);
            double initialLoss = ProximalSolver.loss(w0, model.features(xTrain, false), yTrain, c.beta());

            TrainingConfig config = TrainingConfig.builder().setMethod(Method.CF_FULL).optEpochs(c.steps())
                    .optLearningRate(c.learningRate()).optRidge(c.beta()).optSeed(seed).build();
            TrainingResult fit = new TrainingLoop(config).fit(model, train, test, data.metric());
            double[] trained = predictions(model, xTest);
            double finalLoss = ProximalSolver.loss(model.head(), model.features(xTrain, false), yTrain, c.beta());
            double blockRatio = hiddenBlockRatio(model, train);
            return new NtkResult.Measurement(width, seed, relative(trained, readoutKrr), relative(initial, readoutKrr),
                    relative(trained, initial) * norm(initial) / norm(readoutKrr), relative(trained, ntkKrr),
                    blockRatio, initialLoss, finalLoss, Math.toIntExact(fit.last().steps()));
        }
    }

    /**
     * {@code ||Theta_A||_F / ||Theta_W||_F} on the first {@link #BLOCK_ROWS} training rows, at the trained
     * state: the hidden layer's tangent-kernel block {@code (1/m) sum_k W_k^2 1[a_k.x > 0] 1[a_k.x' > 0] x.x'}
     * against the readout's {@code (1/m) sum_k relu(a_k.x) relu(a_k.x')}.
     */
    static double hiddenBlockRatio(LastLayerModel model, RegressionData train) {
        NDArray a = model.trainableBackboneParameters().values().iterator().next();
        int m = Math.toIntExact(a.getShape().get(0));
        int d = Math.toIntExact(a.getShape().get(1));
        double[] weights = toDoubles(a.toFloatArray());
        double[] head = model.head().data();
        int rows = Math.min(BLOCK_ROWS, train.rows());
        double[][] x = rows(train);
        double[][] pre = new double[rows][m];
        for (int i = 0; i < rows; i++) {
            for (int k = 0; k < m; k++) {
                double s = 0;
                for (int j = 0; j < d; j++) {
                    s += weights[k * d + j] * x[i][j];
                }
                pre[i][k] = s;
            }
        }
        double hidden = 0;
        double readout = 0;
        for (int i = 0; i < rows; i++) {
            for (int l = 0; l < rows; l++) {
                double h = 0;
                double r = 0;
                for (int k = 0; k < m; k++) {
                    if (pre[i][k] > 0 && pre[l][k] > 0) {
                        h += head[k] * head[k];
                        r += pre[i][k] * pre[l][k];
                    }
                }
                double hil = h * ReluKernels.dot(x[i], x[l]) / m;
                double ril = r / m;
                hidden += hil * hil;
                readout += ril * ril;
            }
        }
        return Math.sqrt(hidden / readout);
    }

    /** Training loss {@code (1/n) ||y - f||^2 + beta ||f||_K^2} of kernel ridge regression with {@code K1}. */
    private static double readoutKrrTrainLoss(double[][] x, double[] y, double beta) {
        double[][] k = ReluKernels.matrix(ReluKernels::k1, x, x);
        double[] fit = KernelRidge.predict(k, k, y, beta);
        int n = y.length;
        // f = K c with (K + n beta) c = y, so c = (y - f) / (n beta) and ||f||_K^2 = c.K c = c.f
        double data = 0;
        double norm = 0;
        for (int i = 0; i < n; i++) {
            double r = y[i] - fit[i];
            data += r * r;
            norm += r / (n * beta) * fit[i];
        }
        return data / n + beta * norm;
    }

    private static double[] predictions(LastLayerModel model, NDArray x) {
        return toDoubles(model.predict(model.features(x, false)).toFloatArray());
    }

    static double relative(double[] a, double[] reference) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - reference[i]) * (a[i] - reference[i]);
        }
        return Math.sqrt(s) / norm(reference);
    }

    private static double norm(double[] v) {
        return ReluKernels.norm(v);
    }

    static double[][] rows(RegressionData d) {
        float[] x = d.x();
        double[][] out = new double[d.rows()][d.inputDim()];
        for (int i = 0; i < d.rows(); i++) {
            for (int j = 0; j < d.inputDim(); j++) {
                out[i][j] = x[i * d.inputDim() + j];
            }
        }
        return out;
    }

    private static double[] targets(RegressionData d) {
        return toDoubles(d.y());
    }

    private static double[] toDoubles(float[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }
}
