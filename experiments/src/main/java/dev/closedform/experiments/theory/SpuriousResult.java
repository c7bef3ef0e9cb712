package dev.closedform.experiments.theory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import static dev.closedform.experiments.theory.Format.num;

/**
 * What {@link SpuriousRegion} found.
 *
 * @param config   the settings
 * @param counts   initial states per setting
 * @param training outcomes per setting, method and start
 * @param paths    {@code L*} and its gradient along a path into the region (one-unit model, network)
 * @param seconds  wall time
 */
public record SpuriousResult(SpuriousConfig config, List<InitialCounts> counts, List<TrainingOutcome> training,
                             List<StationaryPath> paths, double seconds) implements TheoryResult {

    public static final String ONE_UNIT_FIGURE = "spurious_one_unit.png";
    public static final String NETWORK_FIGURE = "spurious_network.png";

    public SpuriousResult {
        counts = List.copyOf(counts);
        training = List.copyOf(training);
        paths = List.copyOf(paths);
    }

    /**
     * Initial states over seeds 1..seeds.
     *
     * @param units     hidden units of the model
     * @param allDead   runs whose every unit is off on every training row
     * @param someDead  runs with at least one such unit
     * @param deadUnits such units summed over runs
     */
    public record InitialCounts(SpuriousSetting setting, int units, int seeds, int allDead, int someDead, long deadUnits) {
        public BinomialInterval allDeadFraction() {
            return BinomialInterval.of(allDead, seeds);
        }

        public BinomialInterval someDeadFraction() {
            return BinomialInterval.of(someDead, seeds);
        }

        public BinomialInterval deadUnitFraction() {
            return BinomialInterval.of(deadUnits, (long) units * seeds);
        }
    }

    /**
     * Runs of one method from one kind of start.
     *
     * @param startedWithDeadUnits whether these runs had at least one unit off on every row at initialisation
     * @param runs                 runs started
     * @param diverged             runs stopped by a non-finite loss (not counted below)
     * @param allDeadAtStart       runs with every unit off at the start
     * @param allDeadAtEnd         runs with every unit off at the end
     * @param deadUnitsAtStart     units off on every row at the start, summed over runs
     * @param stillDeadAtEnd       of those, units still off at the end
     * @param diedDuringTraining   units on at the start and off on every row at the end
     * @param meanFinalTrainLoss   mean training MSE at the end
     * @param constantLoss         training MSE of the constant predictor {@code W*} falls back to in the region
     * @param steps                optimisation steps per run
     */
    public record TrainingOutcome(SpuriousSetting setting, String method, boolean startedWithDeadUnits, int runs,
                                  int diverged, int allDeadAtStart, int allDeadAtEnd, int deadUnitsAtStart,
                                  int stillDeadAtEnd, int diedDuringTraining, double meanFinalTrainLoss,
                                  double constantLoss, int steps) {}

    /**
     * {@code L*} and {@code ||grad L*||} along one parameter.
     *
     * @param regionEdge  where the region starts (every feature off on one side of it)
     * @param regionLStar {@code L*} of the constant predictor, the value the region must show
     */
    public record StationaryPath(SpuriousSetting setting, String parameter, double[] values, double[] lStar,
                                 double[] gradientNorm, double regionEdge, double regionLStar) {

        /** Whether a path value lies in the region ({@code theta <= 0} for the one-unit model, {@code t >= edge} for the network). */
        public boolean inRegion(int i) {
            return setting == SpuriousSetting.ONE_UNIT ? values[i] <= regionEdge : values[i] >= regionEdge;
        }

        /** Largest gradient norm seen inside the region (0 means exactly zero at every point). */
        public double maxGradientInRegion() {
            double m = 0;
            for (int i = 0; i < values.length; i++) {
                if (inRegion(i)) {
                    m = Math.max(m, gradientNorm[i]);
                }
            }
            return m;
        }

        /** Largest |L* - regionLStar| inside the region. */
        public double maxDeviationInRegion() {
            double m = 0;
            for (int i = 0; i < values.length; i++) {
                if (inRegion(i)) {
                    m = Math.max(m, Math.abs(lStar[i] - regionLStar));
                }
            }
            return m;
        }

        /** Smallest L* outside the region. */
        public double minLStarOutside() {
            double m = Double.POSITIVE_INFINITY;
            for (int i = 0; i < values.length; i++) {
                if (!inRegion(i)) {
                    m = Math.min(m, lStar[i]);
                }
            }
            return m;
        }

        public int pointsInRegion() {
            int k = 0;
            for (int i = 0; i < values.length; i++) {
                k += inRegion(i) ? 1 : 0;
            }
            return k;
        }
    }

    /** Writes {@link #ONE_UNIT_FIGURE} and {@link #NETWORK_FIGURE} into {@code dir}. */
    @Override
    public List<Path> writeFigures(Path dir) throws IOException {
        return SpuriousFigure.write(this, dir);
    }

    /** The summary row: every path has an exactly zero gradient inside the region and a lower L* outside it. */
    @Override
    public TheoryClaim claim() {
        boolean holds = !paths.isEmpty() && paths.stream()
                .allMatch(p -> p.pointsInRegion() > 0 && p.maxGradientInRegion() == 0 && p.minLStarOutside() < p.regionLStar());
        StringBuilder r = new StringBuilder("gradient exactly 0 and L* flat where every feature is off");
        for (StationaryPath p : paths) {
            r.append(String.format(Locale.ROOT, "; %s: L* %s there, %s elsewhere", p.setting().description(),
                    num(p.regionLStar()), num(p.minLStarOutside())));
        }
        for (InitialCounts c : counts) {
            r.append(String.format(Locale.ROOT, "; %s: some unit off at initialisation in %s of runs", c.setting().description(),
                    c.someDeadFraction()));
        }
        return new TheoryClaim("spurious stationary region",
                "L* has spurious stationary points (e.g. every feature off)", r.toString(),
                holds ? TheoryClaim.Verdict.HOLDS : TheoryClaim.Verdict.DOES_NOT_HOLD);
    }

    @Override
    public String markdown() {
        StringBuilder s = new StringBuilder();
        s.append("## Spurious stationary region of L*\n\n");
        s.append("Where every ReLU feature is off on every training row, `W*` is the constant predictor, `L*` is flat "
                + "and its gradient is exactly zero: a stationary region that is not a global minimum (L* is lower "
                + "wherever a feature is on). A unit off on every row gets exactly zero gradient, so no gradient method "
                + "turns it back on.\n\n");
        s.append("| path | points in region | max ‖∇L*‖ there | max |L* - L*(constant)| there | L*(constant) | min L* outside |\n");
        s.append("|---|---:|---:|---:|---:|---:|\n");
        for (StationaryPath p : paths) {
            s.append(String.format(Locale.ROOT, "| %s, along %s | %d / %d | %s | %s | %s | %s |%n", p.setting().description(),
                    p.parameter(), p.pointsInRegion(), p.values().length, num(p.maxGradientInRegion()),
                    num(p.maxDeviationInRegion()), num(p.regionLStar()), num(p.minLStarOutside())));
        }
        s.append(String.format(Locale.ROOT, "%nInitial states under the library's initialisation (DJL's default: weights "
                + "N(0, 2 / fan-in), biases 0), %d seeds per setting, 95%% Wilson intervals:%n%n", config.seeds()));
        s.append("| setting | units | every unit off | some unit off | units off |\n|---|---:|---|---|---|\n");
        for (InitialCounts c : counts) {
            s.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s |%n", c.setting().description(), c.units(),
                    c.allDeadFraction(), c.someDeadFraction(), c.deadUnitFraction()));
        }
        s.append(String.format(Locale.ROOT, "%nTraining from such starts (learning rate %s, beta %s, lambda %s; "
                + "cf-full takes as many full-batch steps as cf-prox takes batch steps):%n%n",
                num(config.learningRate()), num(config.beta()), num(config.prox())));
        s.append("| setting | method | start | runs | steps | all off at start → end | units off at start | still off at end "
                + "| died in training | final train MSE | constant predictor MSE |\n");
        s.append("|---|---|---|---:|---:|---|---:|---:|---:|---:|---:|\n");
        for (TrainingOutcome t : training) {
            s.append(String.format(Locale.ROOT, "| %s | %s | %s | %d%s | %d | %d → %d | %d | %d | %d | %s | %s |%n",
                    t.setting().description(), t.method(), t.startedWithDeadUnits() ? "some unit off" : "no unit off",
                    t.runs(), t.diverged() > 0 ? " (" + t.diverged() + " diverged)" : "", t.steps(), t.allDeadAtStart(),
                    t.allDeadAtEnd(), t.deadUnitsAtStart(), t.stillDeadAtEnd(), t.diedDuringTraining(),
                    num(t.meanFinalTrainLoss()), num(t.constantLoss())));
        }
        s.append("\n![L* and its gradient, one-unit model](" + ONE_UNIT_FIGURE + ")\n");
        s.append("![L* and its gradient, network](" + NETWORK_FIGURE + ")\n");
        return s.toString();
    }
}
