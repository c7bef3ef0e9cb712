package dev.closedform.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.closedform.data.RegressionData;
import dev.closedform.model.Activation;
import dev.closedform.model.LastLayerModel;
import dev.closedform.model.Mlp;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link Method#readsProx}, {@link Method#readsRidge}, {@link Method#readsUpdateOrder} and {@link Method#readsInitialHead} say which settings a
 * method's runs depend on (a sweep runs a method once over the settings it does not read): two short runs that
 * differ in one such setting give the same numbers exactly when the method does not read it.
 */
class MethodReadsTest {

    private static final int P = 3;
    private static final RegressionData REGRESSION = Ref.sines(9, 96, P);
    private static final RegressionData CLASSES = oneHot(REGRESSION);

    /** Three classes by the regression target's tercile, as one-hot rows. */
    private static RegressionData oneHot(RegressionData d) {
        float[] y = new float[d.rows() * 3];
        for (int i = 0; i < d.rows(); i++) {
            float v = d.y()[i];
            y[i * 3 + (v < -0.5f ? 0 : v < 0.5f ? 1 : 2)] = 1;
        }
        return new RegressionData(d.x(), y, List.of("a", "b", "c"), List.of("c0", "c1", "c2"));
    }

    private static double[] run(Method method, UnaryOperator<TrainingConfig.Builder> setting) {
        boolean classes = method == Method.CE || method == Method.CF_NEWTON;
        RegressionData data = classes ? CLASSES : REGRESSION;
        TrainingConfig config = setting.apply(TrainingConfig.builder().setMethod(method.label()).optEpochs(2)
                .optBatchSize(24).optLearningRate(0.02).optSeed(3)).build();
        try (LastLayerModel m = new LastLayerModel(Mlp.build(P, new int[] {16}, Activation.TANH), classes ? 3 : 1, true, 5)) {
            TrainingResult r = new TrainingLoop(config).fit(m, data, data, TestMetric.meanSquaredError());
            return new double[] {r.finalTrainLoss(), r.finalTestMetric()};
        }
    }

    private static void check(Method method, boolean reads, UnaryOperator<TrainingConfig.Builder> a,
                              UnaryOperator<TrainingConfig.Builder> b, String what) {
        double[] first = run(method, a);
        double[] second = run(method, b);
        if (reads) {
            assertNotEquals(first[1], second[1], method + " reads " + what + ": its results must change with it");
        } else {
            assertEquals(first[0], second[0], 0.0, method + " does not read " + what + ": train loss");
            assertEquals(first[1], second[1], 0.0, method + " does not read " + what + ": test metric");
        }
    }

    @ParameterizedTest
    @EnumSource(Method.class)
    void proxMattersExactlyWhereReadsProxSaysSo(Method method) {
        check(method, method.readsProx(), c -> c.optProx(0.1), c -> c.optProx(3.0), "lambda");
    }

    @ParameterizedTest
    @EnumSource(Method.class)
    void ridgeMattersExactlyWhereReadsRidgeSaysSo(Method method) {
        check(method, method.readsRidge(), c -> c.optRidge(1e-3), c -> c.optRidge(0.3), "beta");
    }

    @ParameterizedTest
    @EnumSource(Method.class)
    void orderMattersExactlyWhereReadsUpdateOrderSaysSo(Method method) {
        check(method, method.readsUpdateOrder(), c -> c.optUpdateOrder(UpdateOrder.BACKBONE_FIRST),
                c -> c.optUpdateOrder(UpdateOrder.LAST_LAYER_FIRST), "the update order");
    }

    @ParameterizedTest
    @EnumSource(Method.class)
    void initialHeadMattersExactlyWhereReadsInitialHeadSaysSo(Method method) {
        check(method, method.readsInitialHead(), c -> c.optInitialHead(InitialHead.RIDGE),
                c -> c.optInitialHead(InitialHead.PROXIMAL), "the initial head");
    }
}
