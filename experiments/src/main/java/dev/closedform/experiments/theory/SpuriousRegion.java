package dev.closedform.experiments.theory;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.closedform.data.RegressionData;
import dev.closedform.model.LastLayerModel;
import dev.closedform.train.Method;
import dev.closedform.train.TestMetric;
import dev.closedform.train.TrainingConfig;
import dev.closedform.train.TrainingDivergedException;
import dev.closedform.train.TrainingLoop;
import dev.closedform.train.TrainingResult;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Where {@code L*} is flat because every ReLU feature is off, how often the library's initialisation
 * starts a run there (or with some units off on every training row), and what {@code cf-full} and
 * {@code cf-prox} make of such runs. A unit that is off on every row gets exactly zero gradient, so no
 * gradient method can switch it back on.
 */
public final class SpuriousRegion {

    private static final Method[] METHODS = {Method.CF_FULL, Method.CF_PROX};

    private SpuriousRegion() {}

    public static SpuriousResult run(SpuriousConfig c) {
        return run(c, TheoryProgress.NONE);
    }

    public static SpuriousResult run(SpuriousConfig c, TheoryProgress progress) {
        long start = System.nanoTime();
        int total = SpuriousSetting.values().length * (1 + 2 * METHODS.length) + 2;
        int[] done = {0};
        List<SpuriousResult.InitialCounts> counts = new ArrayList<>();
        List<SpuriousResult.TrainingOutcome> outcomes = new ArrayList<>();
        List<SpuriousResult.StationaryPath> paths = new ArrayList<>();
        for (SpuriousSetting s : SpuriousSetting.values()) {
            RegressionData[] data = s.data(c);
            List<Long> deadStarts = new ArrayList<>();
            List<Long> cleanStarts = new ArrayList<>();
            counts.add(count(c, s, data[0], deadStarts, cleanStarts));
            progress.advanced(++done[0], total, s.description() + ": initial states");
            for (Method m : METHODS) {
                for (List<Long> group : List.of(deadStarts, cleanStarts)) {
                    if (!group.isEmpty()) {
                        outcomes.add(train(c, s, m, data, group, group == deadStarts));
                    }
                    progress.advanced(++done[0], total, s.description() + ": " + m.label());
                }
            }
        }
        paths.add(oneUnitPath(c));
        progress.advanced(++done[0], total, "path through the one-unit region");
        paths.add(biasShiftPath(c));
        progress.advanced(++done[0], total, "path through the network's region");
        return new SpuriousResult(c, counts, outcomes, paths, (System.nanoTime() - start) / 1e9);
    }

    /** Counts initial states; remembers the first {@code trainRuns} seeds with and without dead units. */
    private static SpuriousResult.InitialCounts count(SpuriousConfig c, SpuriousSetting s, RegressionData train,
                                                      List<Long> deadStarts, List<Long> cleanStarts) {
        int allDead = 0;
        int someDead = 0;
        long deadUnits = 0;
        int units = 0;
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = inputs(manager, train);
            for (long seed = 1; seed <= c.seeds(); seed++) {
                try (LastLayerModel model = model(c, s, train, seed)) {
                    boolean[] dead = DeadUnits.flags(model, x);
                    units = dead.length;
                    int k = DeadUnits.count(dead);
                    deadUnits += k;
                    if (k == dead.length) {
                        allDead++;
                    }
                    if (k > 0) {
                        someDead++;
                        if (deadStarts.size() < c.trainRuns()) {
                            deadStarts.add(seed);
                        }
                    } else if (cleanStarts.size() < c.trainRuns()) {
                        cleanStarts.add(seed);
                    }
                }
            }
        }
        return new SpuriousResult.InitialCounts(s, units, c.seeds(), allDead, someDead, deadUnits);
    }

    private static SpuriousResult.TrainingOutcome train(SpuriousConfig c, SpuriousSetting s, Method method,
                                                        RegressionData[] data, List<Long> seeds, boolean deadStart) {
        RegressionData train = data[0];
        int batch = s.batchSize(c);
        int steps = c.epochs() * ((train.rows() + batch - 1) / batch);
        int allDeadAtStart = 0;
        int allDeadAtEnd = 0;
        int deadAtStart = 0;
        int stillDead = 0;
        int died = 0;
        int diverged = 0;
        double lossSum = 0;
        int finished = 0;
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = inputs(manager, train);
            for (long seed : seeds) {
                TrainingConfig config = TrainingConfig.builder().setMethod(method)
                        .optEpochs(method == Method.CF_FULL ? steps : c.epochs()).optBatchSize(batch)
                        .optLearningRate(c.learningRate()).optRidge(c.beta()).optProx(c.prox()).optSeed(seed).build();
                try (LastLayerModel model = model(c, s, train, seed)) {
                    boolean[] before = DeadUnits.flags(model, x);
                    TrainingResult r;
                    try {
                        r = new TrainingLoop(config).fit(model, train, data[1], TestMetric.meanSquaredError());
                    } catch (TrainingDivergedException e) {
                        diverged++;
                        continue;
                    }
                    boolean[] after = DeadUnits.flags(model, x);
                    int k0 = DeadUnits.count(before);
                    allDeadAtStart += k0 == before.length ? 1 : 0;
                    allDeadAtEnd += DeadUnits.count(after) == after.length ? 1 : 0;
                    deadAtStart += k0;
                    for (int u = 0; u < before.length; u++) {
                        stillDead += before[u] && after[u] ? 1 : 0;
                        died += !before[u] && after[u] ? 1 : 0;
                    }
                    lossSum += r.finalTrainLoss();
                    finished++;
                }
            }
        }
        return new SpuriousResult.TrainingOutcome(s, method.label(), deadStart, seeds.size(), diverged, allDeadAtStart,
                allDeadAtEnd, deadAtStart, stillDead, died, finished == 0 ? Double.NaN : lossSum / finished,
                constantPredictorLoss(train, c.beta(), s.headBias()), steps);
    }

    /** {@code L*} along theta in [-3, 3] for the one-unit model (its single weight set directly). */
    private static SpuriousResult.StationaryPath oneUnitPath(SpuriousConfig c) {
        SpuriousSetting s = SpuriousSetting.ONE_UNIT;
        RegressionData train = s.data(c)[0];
        double[] thetas = new double[c.pathPoints()];
        for (int i = 0; i < thetas.length; i++) {
            thetas[i] = -3 + 6.0 * i / (thetas.length - 1);
        }
        return path(c, s, train, 1, "theta", thetas, 0.0, (model, theta) -> parameter(model, "weight").set(FloatBuffer.wrap(new float[] {(float) theta})));
    }

    /**
     * {@code L*} of the standardised network (seed 1) as every hidden bias is lowered by t: past
     * {@code t = max pre-activation} every unit is off on every training row.
     */
    private static SpuriousResult.StationaryPath biasShiftPath(SpuriousConfig c) {
        SpuriousSetting s = SpuriousSetting.NETWORK_STANDARDISED;
        RegressionData train = s.data(c)[0];
        double edge;
        try (NDManager manager = NDManager.newBaseManager();
             LastLayerModel model = model(c, s, train, 1)) {
            // the biases start at 0, so the largest pre-activation is the largest feature value
            int units = model.backbone().featureDim(); // the head's bias column (ones) is not a unit
            edge = model.features(inputs(manager, train), false).get(new NDIndex(":, :" + units)).max().getFloat();
        }
        double[] shifts = new double[c.pathPoints()];
        for (int i = 0; i < shifts.length; i++) {
            shifts[i] = 1.25 * edge * i / (shifts.length - 1);
        }
        return path(c, s, train, 1, "bias shift t", shifts, edge, (model, t) -> {
            NDArray bias = parameter(model, "bias");
            float[] b = new float[Math.toIntExact(bias.size())];
            java.util.Arrays.fill(b, (float) -t);
            bias.set(FloatBuffer.wrap(b));
        });
    }

    /** How a path point is applied to a freshly initialised model. */
    @FunctionalInterface
    private interface PathPoint {
        void apply(LastLayerModel model, double value);
    }

    private static SpuriousResult.StationaryPath path(SpuriousConfig c, SpuriousSetting s, RegressionData train, long seed,
                                                      String parameter, double[] values, double regionEdge, PathPoint point) {
        double[] lStar = new double[values.length];
        double[] gradient = new double[values.length];
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = inputs(manager, train);
            NDArray y = manager.create(train.y(), new Shape(train.rows(), train.outputDim()));
            for (int i = 0; i < values.length; i++) {
                try (LastLayerModel model = model(c, s, train, seed)) {
                    point.apply(model, values[i]);
                    EnvelopeGradient.Value v = EnvelopeGradient.at(model, x, y, c.beta());
                    lStar[i] = v.lStar();
                    gradient[i] = v.gradientNorm();
                }
            }
        }
        double constant = constantPredictorLoss(train, c.beta(), s.headBias());
        double constantObjective = constant + c.beta() * square(constantPredictorWeight(train, c.beta(), s.headBias()));
        return new SpuriousResult.StationaryPath(s, parameter, values, lStar, gradient, regionEdge, constantObjective);
    }

    private static LastLayerModel model(SpuriousConfig c, SpuriousSetting s, RegressionData train, long seed) {
        return new LastLayerModel(s.backbone(c, train.inputDim()), train.outputDim(), s.headBias(), seed);
    }

    /** The trainable backbone parameter whose name ends with {@code suffix} (e.g. the first Linear's bias). */
    private static NDArray parameter(LastLayerModel model, String suffix) {
        return model.trainableBackboneParameters().entrySet().stream().filter(e -> e.getKey().endsWith(suffix))
                .findFirst().orElseThrow(() -> new IllegalStateException("the backbone has no parameter *" + suffix))
                .getValue();
    }

    /** The one weight a constant predictor has: the bias {@code mean(y) / (1 + beta)}, or 0 without a bias column. */
    private static double constantPredictorWeight(RegressionData train, double beta, boolean bias) {
        if (!bias) {
            return 0;
        }
        double mean = 0;
        for (float v : train.y()) {
            mean += v;
        }
        return mean / train.rows() / (1 + beta);
    }

    /** Mean squared error of the predictor {@code W*} falls back to where every feature is off. */
    static double constantPredictorLoss(RegressionData train, double beta, boolean bias) {
        double w = constantPredictorWeight(train, beta, bias);
        double s = 0;
        for (float v : train.y()) {
            s += (v - w) * (v - w);
        }
        return s / train.rows();
    }

    private static NDArray inputs(NDManager manager, RegressionData d) {
        return manager.create(d.x(), new Shape(d.rows(), d.inputDim()));
    }

    private static double square(double v) {
        return v * v;
    }
}
