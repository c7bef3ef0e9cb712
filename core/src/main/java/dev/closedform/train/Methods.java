package dev.closedform.train;

import ai.djl.ndarray.NDArray;
import dev.closedform.engine.GraphScalars;
import dev.closedform.head.DenseMatrix;
import dev.closedform.head.NotPositiveDefiniteException;
import java.util.List;

/**
 * The last-layer rule of each {@link Method} over the one training loop. Adding a method means a
 * constant in {@link Method} and a rule here, never touching {@link TrainingLoop}.
 */
public final class Methods {

    /** Labels of every {@link Method}, in declaration order. */
    public static final List<String> NAMES = Method.labels();

    private Methods() {}

    public static LastLayerRule rule(TrainingConfig config) {
        double beta = config.ridge();
        return switch (config.method()) {
            case SGD, ADAM -> new RidgeRule(true, false, false, beta, config.loss());
            case REFIT -> new RidgeRule(true, false, true, beta, config.loss());
            case CE -> new CrossEntropy(beta);
            case CF_RIDGE -> (batch, previous) -> batch.solve(0, beta, null);
            case CF_PROX -> (batch, previous) -> previous != null ? batch.solve(config.prox(), beta, previous)
                    : config.initialHead() == InitialHead.PROXIMAL ? proximalFromZero(batch, config.prox(), beta)
                    : initialRidge(batch, config.prox(), beta);
            case CF_FULL -> new RidgeRule(false, true, false, beta, Loss.SQUARED);
            case CF_AUTO -> new AutoProxRule();
            case CF_RLS -> new RlsRule(config.rlsMemory(), beta);
            case SLIMTIK -> new SlimTikRule(config.slimtikMemory());
            case CF_NEWTON -> new NewtonRule(config.prox(), beta);
            case EMA -> (batch, previous) -> {
                DenseMatrix fresh = batch.solve(0, beta, null);
                return previous == null ? fresh : previous.scale(1 - config.emaRate()).plus(fresh.scale(config.emaRate()));
            };
        };
    }

    /**
     * cf-prox's {@code W_0} by {@link InitialHead#RIDGE}: the ridge solve on the first batch. That solve has no
     * previous W to pull towards, so where its system is singular (beta = 0 on rank-deficient features) although
     * every later step is well posed through lambda, it is the {@link #proximalFromZero proximal step} instead.
     */
    private static DenseMatrix initialRidge(HeadBatch batch, double lambda, double beta) {
        try {
            return batch.solve(0, beta, null);
        } catch (NotPositiveDefiniteException e) {
            if (!(lambda > 0)) {
                throw e;
            }
            return proximalFromZero(batch, lambda, beta);
        }
    }

    /** cf-prox's step from {@code W = 0}, i.e. the ridge solve with {@code lambda + beta} ({@link InitialHead#PROXIMAL}). */
    private static DenseMatrix proximalFromZero(HeadBatch batch, double lambda, double beta) {
        return batch.solve(lambda, beta, DenseMatrix.zeros(batch.outputDim(), batch.featureDim()));
    }

    /**
     * Rules whose solves are plain ridge: the joint methods (W trained by the optimiser; {@code refit}
     * adds one exact full-data solve at the end) and {@code cf-full}, the deterministic algorithm
     * {@code W_{t+1} = W*(theta_t)} on all training rows, then a GD step. The joint methods train
     * {@code loss}; the refit and cf-full solve the squared loss.
     */
    private record RidgeRule(boolean trainedByGradient, boolean fullBatch, boolean refitsAtEnd, double beta, Loss loss)
            implements LastLayerRule {
        @Override
        public NDArray lossSum(NDArray predictions, NDArray targets, int points) {
            return loss == Loss.RELATIVE_L2 ? relativeL2Sum(predictions, targets, points) : lossSum(predictions, targets);
        }

        @Override
        public double meanLoss(float[] predictions, float[] targets, int rows, int points) {
            return loss == Loss.RELATIVE_L2 ? TestMetric.meanRelativeL2(predictions, targets, rows / points)
                    : meanLoss(predictions, targets, rows);
        }

        @Override
        public DenseMatrix update(HeadBatch batch, DenseMatrix previous) {
            return batch.solve(0, beta, null);
        }
    }

    /**
     * {@code points * sum_s ||p_s - y_s|| / ||y_s||} over the samples of a shard, each sample being
     * {@code points} consecutive head rows: every head row carries its sample's relative error, so the
     * loop's mean over head rows is the mean over samples. A zero target field counts its absolute
     * error (as the metric does); the norm's gradient is zero where the error is.
     */
    static NDArray relativeL2Sum(NDArray predictions, NDArray targets, int points) {
        long samples = predictions.getShape().get(0) / points;
        NDArray error = predictions.sub(targets).reshape(samples, -1).norm(new int[] {1});
        NDArray norm = targets.reshape(samples, -1).norm(new int[] {1});
        NDArray safe = norm.add(norm.eq(0).toType(norm.getDataType(), false)); // the targets carry no gradient
        return GraphScalars.times(error.div(safe).sum(), points);
    }

    /**
     * {@code ce}: the last layer trained jointly by the optimiser on the softmax cross-entropy of the
     * outputs (logits) against the target rows normalised to sum 1 (one-hot rows, whatever their
     * scale {@code M}), plus {@code beta ||W||^2}. Classification only.
     */
    private record CrossEntropy(double beta) implements SoftmaxCrossEntropy {
        @Override
        public boolean trainedByGradient() {
            return true;
        }

        @Override
        public String methodLabel() {
            return "ce";
        }

        @Override
        public DenseMatrix update(HeadBatch batch, DenseMatrix previous) {
            return batch.solve(0, beta, null);
        }
    }
}
