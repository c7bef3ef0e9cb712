package dev.closedform.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.closedform.data.RegressionData;
import dev.closedform.head.GramPrecision;
import dev.closedform.model.Activation;
import dev.closedform.model.FnoConfig;
import dev.closedform.model.LastLayerModel;
import dev.closedform.model.Mlp;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The loop's float32-chunk statistics against float64 statistics over whole closed-form runs: the
 * trajectories differ by rounding only. The statistics differ by at most 6.2e-5 and in practice by
 * about 1e-6 relative ({@link GramPrecision}); the proximal solve amplifies that by at most the
 * condition number of {@code Phi^T Phi / n + (lambda + beta) I} (here below 100), and the steps
 * compound it mildly, so the losses must agree to 1e-4 relative and the last layers to 1e-3 of
 * their norm; an error in the chunked product (a dropped chunk, a misplaced cross term) moves
 * them by far more.
 */
class StatisticsPrecisionTest {

    private static List<EpochMetrics> run(String model, GramPrecision precision, double[][] head) {
        boolean operator = model.equals("fno");
        RegressionData train = operator ? fields(61, 48, 64) : Ref.sines(61, 256, 3);
        TrainingConfig config = TrainingConfig.builder().setMethod("cf-prox").optEpochs(3).optBatchSize(operator ? 24 : 32)
                .optLearningRate(operator ? 1e-3 : 0.05).optRidge(1e-3).optProx(1.0).optSeed(2).build();
        try (LastLayerModel m = operator
                ? new LastLayerModel(FnoConfig.oneD(64, 8, 6, 2, 16).backbone(), 1, true, 4)
                : new LastLayerModel(Mlp.build(3, new int[] {32, 16}, Activation.RELU), 1, true, 4)) {
            List<EpochMetrics> out = new TrainingLoop(config).optStatisticsPrecision(precision)
                    .fit(m, train, train, TestMetric.meanSquaredError()).epochs();
            head[0] = m.head().data();
            return out;
        }
    }

    /** Smooth random input fields and a shifted copy as the output: 64 points, so a batch of 24 is 1536 head rows (a chunk and a part). */
    private static RegressionData fields(long seed, int n, int points) {
        Random r = new Random(seed);
        float[] x = new float[n * points];
        float[] y = new float[n * points];
        for (int i = 0; i < n; i++) {
            double a = r.nextGaussian();
            double b = r.nextGaussian();
            for (int p = 0; p < points; p++) {
                double t = 2 * Math.PI * p / points;
                x[i * points + p] = (float) (a * Math.sin(t) + b * Math.cos(2 * t));
                y[i * points + p] = (float) (a * Math.sin(t + 0.3) + 0.5 * b);
            }
        }
        return new RegressionData(x, y, names("a", points), names("u", points));
    }

    private static List<String> names(String prefix, int n) {
        return java.util.stream.IntStream.range(0, n).mapToObj(i -> prefix + i).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "fno"})
    void float32ChunksChangeTheRunByRoundingOnly(String model) {
        double[][] exactHead = new double[1][];
        double[][] chunkHead = new double[1][];
        List<EpochMetrics> exact = run(model, GramPrecision.FLOAT64, exactHead);
        List<EpochMetrics> chunks = run(model, GramPrecision.FLOAT32_CHUNKS, chunkHead);
        assertFalse(java.util.Arrays.equals(exactHead[0], chunkHead[0]), "the option must reach the statistics");
        for (int e = 0; e < exact.size(); e++) {
            double a = exact.get(e).trainLoss();
            assertEquals(a, chunks.get(e).trainLoss(), 1e-4 * a, model + " epoch " + (e + 1));
        }
        double norm = 0;
        double diff = 0;
        for (int i = 0; i < exactHead[0].length; i++) {
            norm += exactHead[0][i] * exactHead[0][i];
            diff += Math.pow(exactHead[0][i] - chunkHead[0][i], 2);
        }
        assertEquals(0, Math.sqrt(diff / norm), 1e-3, model + ": last layer");
    }
}
