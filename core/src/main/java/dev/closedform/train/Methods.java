package dev.closedform.train;

import dev.closedform.head.DenseMatrix;
import java.util.List;

/**
 * The methods of PAPER.md section 3 as last-layer rules over the one training loop. Adding a method
 * means adding a rule here, never touching {@link TrainingLoop}.
 */
public final class Methods {

    /** Method names accepted by {@link TrainingConfig}. */
    public static final List<String> NAMES = List.of("sgd", "adam", "cf-ridge", "cf-prox", "cf-full", "ema", "refit");

    private Methods() {}

    static void require(String method) {
        if (method == null || !NAMES.contains(method)) {
            throw new IllegalArgumentException("unknown method '" + method + "'; expected one of " + String.join(", ", NAMES));
        }
    }

    /** {@code adam} is Adam on everything; every other method defaults to plain SGD on the backbone. */
    static OptimizerKind defaultOptimizer(String method) {
        return "adam".equals(method) ? OptimizerKind.ADAM : OptimizerKind.SGD;
    }

    /** True for methods whose head is a closed-form solve during training. */
    public static boolean isClosedForm(String method) {
        return method.startsWith("cf-") || method.equals("ema");
    }

    public static LastLayerRule rule(TrainingConfig config) {
        double beta = config.ridge();
        return switch (config.method()) {
            case "sgd", "adam" -> new Joint(false, beta);
            case "refit" -> new Joint(true, beta);
            case "cf-ridge" -> (batch, previous) -> batch.solve(0, beta, null);
            case "cf-prox" -> (batch, previous) -> batch.solve(config.prox(), beta, previous);
            case "cf-full" -> new FullData(beta);
            case "ema" -> (batch, previous) -> {
                DenseMatrix fresh = batch.solve(0, beta, null);
                return previous == null ? fresh : previous.scale(1 - config.emaRate()).plus(fresh.scale(config.emaRate()));
            };
            default -> throw new IllegalArgumentException("unknown method " + config.method());
        };
    }

    /** W trained jointly by the optimiser; {@code refit} adds one exact full-data solve at the end. */
    private record Joint(boolean refitsAtEnd, double beta) implements LastLayerRule {
        @Override
        public boolean trainedByGradient() {
            return true;
        }

        @Override
        public DenseMatrix update(HeadBatch batch, DenseMatrix previous) {
            return batch.solve(0, beta, null);
        }
    }

    /** The deterministic algorithm: {@code W_{t+1} = W*(theta_t)} on all training rows, then a GD step. */
    private record FullData(double beta) implements LastLayerRule {
        @Override
        public boolean fullBatch() {
            return true;
        }

        @Override
        public DenseMatrix update(HeadBatch batch, DenseMatrix previous) {
            return batch.solve(0, beta, null);
        }
    }
}
