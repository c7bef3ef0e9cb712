package dev.closedform.experiments.theory;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.closedform.data.RegressionData;
import dev.closedform.experiments.task.FriedmanTask;
import dev.closedform.experiments.task.PreparedData;
import dev.closedform.head.DenseMatrix;
import dev.closedform.model.Activation;
import dev.closedform.model.LastLayerModel;
import dev.closedform.model.Mlp;
import dev.closedform.train.EpochMetrics;
import dev.closedform.train.Method;
import dev.closedform.train.TrainingConfig;
import dev.closedform.train.TrainingListener;
import dev.closedform.train.TrainingLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Checks {@code L(W) - L(W*) = tr[(W - W*) H (W - W*)^T]} on the features and heads of real training runs
 * ({@code sgd} and {@code cf-prox} on a Friedman #1 MLP, after initialisation and every epoch), and compares
 * one closed-form step with one SGD step from the same state.
 *
 * <p>Full-batch step from {@code (theta, W)}: both take the same backbone step (gradient at {@code W}, as
 * the backbone-first order does); SGD moves {@code W} by its gradient, the closed form sets
 * {@code W = W*(theta')}. By the identity at {@code theta'} the closed-form loss is lower by exactly
 * {@code tr[(W_sgd - W*') H' (W_sgd - W*')^T] >= 0}. Mini-batch step: the same on a random batch, with the
 * proximal solve of {@code cf-prox}; here nothing guarantees the loss on all rows.
 */
public final class OneStepIdentity {

    private static final Method[] METHODS = {Method.SGD, Method.CF_PROX};

    private OneStepIdentity() {}

    public static OneStepResult run(OneStepConfig c) {
        return run(c, TheoryProgress.NONE);
    }

    public static OneStepResult run(OneStepConfig c, TheoryProgress progress) {
        long start = System.nanoTime();
        PreparedData data = new FriedmanTask(c.trainRows(), 512, 1.0, true).prepare(c.seed());
        List<OneStepResult.StateCheck> states = new ArrayList<>();
        int total = METHODS.length * (c.epochs() + 1);
        for (Method method : METHODS) {
            try (LastLayerModel model = new LastLayerModel(Mlp.build(data.train().inputDim(), c.hidden(), Activation.RELU),
                    1, true, c.seed()); NDManager manager = NDManager.newBaseManager()) {
                Inspector inspector = new Inspector(c, method, model, manager, data.train());
                TrainingListener listener = new TrainingListener() {
                    @Override
                    public void onStart(int firstEpoch, int epochs, int stepsPerEpoch) {
                        states.add(inspector.inspect(0)); // the loop has set W_0 by now
                        progress.advanced(states.size(), total, method.label() + ", initial state");
                    }

                    @Override
                    public void onEpoch(EpochMetrics m) {
                        states.add(inspector.inspect(m.epoch()));
                        progress.advanced(states.size(), total, method.label() + ", epoch " + m.epoch());
                    }
                };
                TrainingConfig config = TrainingConfig.builder().setMethod(method).optEpochs(c.epochs())
                        .optBatchSize(c.batchSize()).optLearningRate(c.learningRate()).optRidge(c.beta())
                        .optProx(c.prox()).optSeed(c.seed()).build();
                new TrainingLoop(config).optListener(listener).fit(model, data.train(), data.test(), data.metric());
            }
        }
        return new OneStepResult(c, states, (System.nanoTime() - start) / 1e9);
    }

    /** Looks at one model's current state without changing it. */
    private static final class Inspector {
        final OneStepConfig c;
        final Method method;
        final LastLayerModel model;
        final NDManager manager;
        final RegressionData train;
        final DenseMatrix targets;

        Inspector(OneStepConfig c, Method method, LastLayerModel model, NDManager manager, RegressionData train) {
            this.c = c;
            this.method = method;
            this.model = model;
            this.manager = manager;
            this.train = train;
            this.targets = DenseMatrix.of(train.rows(), train.outputDim(), toDoubles(train.y()));
        }

        OneStepResult.StateCheck inspect(int epoch) {
            // everything computed here (features of every trial step) is freed with this manager
            try (NDManager scratch = manager.newSubManager()) {
                NDArray x = scratch.create(train.x(), new Shape(train.rows(), train.inputDim()));
                NDArray y = scratch.create(train.y(), new Shape(train.rows(), train.outputDim()));
                DenseMatrix w = model.head();
                HeadObjective here = objective(x, targets);
                DenseMatrix wStar = here.minimiser();
                double loss = here.loss(w);
                double optimum = here.loss(wStar);
                double identity = here.excess(w, wStar);
                DenseMatrix wSgd = w.copy().addInPlace(-c.learningRate(), here.gradient(w));
                double headSgdDecrease = loss - here.loss(wSgd);

                double sgdLoss;
                double cfLoss;
                double gapIdentity;
                try (BackboneStep step = new BackboneStep(model)) {
                    step.take(w, x, y, c.learningRate());
                    HeadObjective after = objective(x, targets);
                    DenseMatrix wStarAfter = after.minimiser();
                    sgdLoss = after.loss(wSgd);
                    cfLoss = after.loss(wStarAfter);
                    gapIdentity = after.excess(wSgd, wStarAfter);
                }
                OneStepResult.BatchSteps batches = batchSteps(epoch, w, x, scratch);
                return new OneStepResult.StateCheck(method.label(), epoch, loss, optimum, loss - optimum, identity,
                        headSgdDecrease, sgdLoss, cfLoss, gapIdentity, batches);
            }
        }

        /** Random batches: an SGD step and a cf-prox step from the current state, scored on the batch and on all rows. */
        private OneStepResult.BatchSteps batchSteps(int epoch, DenseMatrix w, NDArray x, NDManager scratch) {
            Random random = new Random(c.seed() * 7919L + 131L * epoch + method.ordinal());
            double batchSgd = 0;
            double batchCf = 0;
            double fullSgd = 0;
            double fullCf = 0;
            int cfBetterOnBatch = 0;
            int cfBetterOnAll = 0;
            for (int b = 0; b < c.batches(); b++) {
                int[] rows = sample(random, train.rows(), Math.min(c.batchSize(), train.rows()));
                RegressionData part = train.subset(rows);
                NDArray xb = scratch.create(part.x(), new Shape(part.rows(), part.inputDim()));
                NDArray yb = scratch.create(part.y(), new Shape(part.rows(), part.outputDim()));
                DenseMatrix targetsB = DenseMatrix.fromNDArray(yb);
                DenseMatrix wSgd = w.copy().addInPlace(-c.learningRate(), objective(xb, targetsB).gradient(w));
                try (BackboneStep step = new BackboneStep(model)) {
                    step.take(w, xb, yb, c.learningRate());
                    HeadObjective batch = objective(xb, targetsB);
                    DenseMatrix wCf = batch.proximalMinimiser(c.prox(), w);
                    HeadObjective all = objective(x, targets);
                    double bs = batch.loss(wSgd);
                    double bc = batch.loss(wCf);
                    double fs = all.loss(wSgd);
                    double fc = all.loss(wCf);
                    batchSgd += bs;
                    batchCf += bc;
                    fullSgd += fs;
                    fullCf += fc;
                    cfBetterOnBatch += bc < bs ? 1 : 0;
                    cfBetterOnAll += fc < fs ? 1 : 0;
                }
            }
            int k = c.batches();
            return new OneStepResult.BatchSteps(k, batchSgd / k, batchCf / k, fullSgd / k, fullCf / k, cfBetterOnBatch, cfBetterOnAll);
        }

        /** The head objective on the model's current features of {@code inputs} (allocated in the inputs' manager). */
        private HeadObjective objective(NDArray inputs, DenseMatrix t) {
            return new HeadObjective(DenseMatrix.fromNDArray(model.features(inputs, false)), t, c.beta());
        }

        private static double[] toDoubles(float[] v) {
            double[] out = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                out[i] = v[i];
            }
            return out;
        }

        private static int[] sample(Random random, int n, int k) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            for (int i = 0; i < k; i++) {
                int j = i + random.nextInt(n - i);
                int t = all[i];
                all[i] = all[j];
                all[j] = t;
            }
            int[] out = new int[k];
            System.arraycopy(all, 0, out, 0, k);
            return out;
        }
    }
}
