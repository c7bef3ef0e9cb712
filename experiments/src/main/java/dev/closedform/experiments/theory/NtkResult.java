package dev.closedform.experiments.theory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import static dev.closedform.experiments.theory.Format.num;

/**
 * What {@link NtkExperiment} measured. Distances are relative L2 norms over the test inputs, in
 * standardised target units.
 *
 * @param config            the settings
 * @param runs              one measurement per (width, seed)
 * @param kernelGap         distance between the two kernel predictors: KRR with the full NTK against KRR with {@code K1}
 * @param krrTrainLoss      training objective of kernel ridge regression with {@code K1}
 * @param seconds           wall time of the whole computation
 */
public record NtkResult(NtkConfig config, List<Measurement> runs, double kernelGap, double krrTrainLoss,
                        double seconds) implements TheoryResult {

    public static final String FIGURE_FILE = "ntk_convergence.png";

    public NtkResult {
        runs = List.copyOf(runs);
    }

    /**
     * One trained network.
     *
     * @param width            hidden width m
     * @param seed             initialisation seed
     * @param distance         trained network against KRR with {@code K1} (the derived limit)
     * @param initialDistance  the network at initialisation with its exact head, {@code W*(A_0)}, against the same
     * @param drift            how far training moved the predictions, relative to the KRR predictions' norm
     * @param ntkDistance      trained network against KRR with the full NTK {@code K1 + (x.x') K0}
     * @param hiddenBlockRatio {@code ||Theta_A|| / ||Theta_W||} of the empirical tangent kernel at the trained state
     * @param initialTrainLoss {@code L*(A_0)}
     * @param finalTrainLoss   training objective of the trained network, {@code L(W_T, A_T)}
     * @param steps            steps taken
     */
    public record Measurement(int width, long seed, double distance, double initialDistance, double drift,
                              double ntkDistance, double hiddenBlockRatio, double initialTrainLoss,
                              double finalTrainLoss, int steps) {}

    /** Means and spreads over the seeds of one width. */
    public record WidthSummary(int width, int seeds, double distance, double distanceStd, double initialDistance,
                               double drift, double ntkDistance, double hiddenBlockRatio, double initialTrainLoss,
                               double finalTrainLoss) {}

    /** Writes {@link #FIGURE_FILE} into {@code dir}. */
    @Override
    public List<java.nio.file.Path> writeFigures(java.nio.file.Path dir) throws java.io.IOException {
        return List.of(NtkFigure.write(this, dir));
    }

    public List<WidthSummary> byWidth() {
        List<WidthSummary> out = new ArrayList<>();
        for (int w : config.widths()) {
            List<Measurement> ms = runs.stream().filter(m -> m.width() == w).toList();
            if (ms.isEmpty()) {
                continue;
            }
            out.add(new WidthSummary(w, ms.size(), mean(ms, Measurement::distance), std(ms, Measurement::distance),
                    mean(ms, Measurement::initialDistance), mean(ms, Measurement::drift), mean(ms, Measurement::ntkDistance),
                    mean(ms, Measurement::hiddenBlockRatio), mean(ms, Measurement::initialTrainLoss),
                    mean(ms, Measurement::finalTrainLoss)));
        }
        return out;
    }

    /** Rate of the distance to KRR with {@code K1}, fitted on every (width, seed) pair. */
    public PowerLawFit distanceRate() {
        return fit(Measurement::distance);
    }

    /** The same, leaving out the smallest width (where training itself moves the predictions most). */
    public PowerLawFit distanceRateAboveSmallestWidth() {
        int smallest = config.widths()[0];
        return PowerLawFit.of(runs.stream().filter(m -> m.width() > smallest).mapToDouble(Measurement::width).toArray(),
                runs.stream().filter(m -> m.width() > smallest).mapToDouble(Measurement::distance).toArray());
    }

    /** Rate of the distance at initialisation, {@code W*(A_0)}: the random-feature fluctuation alone. */
    public PowerLawFit initialDistanceRate() {
        return fit(Measurement::initialDistance);
    }

    /** Rate of the training drift of the predictions. */
    public PowerLawFit driftRate() {
        return fit(Measurement::drift);
    }

    /** Rate of the hidden layer's share of the tangent kernel. */
    public PowerLawFit hiddenBlockRate() {
        return fit(Measurement::hiddenBlockRatio);
    }

    private PowerLawFit fit(ToDoubleFunction<Measurement> f) {
        double[] x = runs.stream().mapToDouble(Measurement::width).toArray();
        double[] y = runs.stream().mapToDouble(f).toArray();
        return PowerLawFit.of(x, y);
    }

    /**
     * The summary row: the distance to kernel ridge regression with {@code K1} shrinks (its fitted exponent
     * is below -1/4 with 95% confidence), and against which kernel.
     */
    @Override
    public TheoryClaim claim() {
        PowerLawFit rate = distanceRate();
        List<WidthSummary> w = byWidth();
        WidthSummary first = w.get(0);
        WidthSummary last = w.get(w.size() - 1);
        boolean shrinks = rate.exponent() + 1.96 * rate.standardError() < -0.25;
        String result = String.format(Locale.ROOT, "distance to KRR with the readout kernel K1: %s at m = %d to %s at m = %d, "
                + "~ m^%s ± %s; to KRR with the full NTK it levels off at %s (the gap between the two kernels, %s)",
                num(first.distance()), first.width(), num(last.distance()), last.width(), num(rate.exponent()),
                num(1.96 * rate.standardError()), num(last.ntkDistance()), num(kernelGap));
        return new TheoryClaim("wide network, cf-full (NTK regime)",
                "as the width grows, cf-full's predictions approach kernel ridge regression with the network's tangent kernel",
                result, shrinks ? TheoryClaim.Verdict.HOLDS : TheoryClaim.Verdict.DOES_NOT_HOLD);
    }

    /** A markdown section: the table per width, the fitted rates and what they mean. */
    @Override
    public String markdown() {
        NtkConfig c = config;
        PowerLawFit rate = distanceRate();
        PowerLawFit drift = driftRate();
        PowerLawFit block = hiddenBlockRate();
        StringBuilder s = new StringBuilder();
        s.append("## Wide networks: cf-full approaches kernel ridge regression\n\n");
        s.append(String.format(Locale.ROOT, "`f(x) = W relu(A x) / sqrt(m)`, `A ~ N(0, 1)`, no biases, trained by `cf-full` "
                + "(exact ridge `W` on all %d training rows, then a gradient step on `A`, learning rate %s, %d steps, "
                + "beta = %s) on Friedman #1 (standardised), %d seeds per width; distances are relative L2 over %d test inputs. "
                + "Kernels are computed analytically in float64.%n%n",
                c.trainRows(), num(c.learningRate()), c.steps(), num(c.beta()), c.seeds(), c.testRows()));
        s.append("| width m | seeds | distance to KRR(K1) | at initialisation | training drift | distance to KRR(NTK) "
                + "| hidden/readout kernel | L*(A_0) | L after training |\n");
        s.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (WidthSummary w : byWidth()) {
            s.append(String.format(Locale.ROOT, "| %d | %d | %s ± %s | %s | %s | %s | %s | %s | %s |%n", w.width(), w.seeds(),
                    num(w.distance()), num(w.distanceStd()), num(w.initialDistance()), num(w.drift()), num(w.ntkDistance()),
                    num(w.hiddenBlockRatio()), num(w.initialTrainLoss()), num(w.finalTrainLoss())));
        }
        s.append(String.format(Locale.ROOT, "%nKernel ridge regression with K1 has training objective %s; "
                + "KRR with the full NTK differs from it by %s (relative).%n%n", num(krrTrainLoss), num(kernelGap)));
        PowerLawFit above = distanceRateAboveSmallestWidth();
        PowerLawFit initial = initialDistanceRate();
        s.append(String.format(Locale.ROOT, "Fitted rates (all width x seed pairs, ± 1.96 standard errors): "
                + "distance to KRR(K1) ~ m^%s ± %s (m^%s ± %s without the smallest width); at initialisation ~ m^%s ± %s; "
                + "training drift ~ m^%s ± %s; hidden/readout kernel ~ m^%s ± %s.%n%n",
                num(rate.exponent()), num(1.96 * rate.standardError()), num(above.exponent()), num(1.96 * above.standardError()),
                num(initial.exponent()), num(1.96 * initial.standardError()), num(drift.exponent()),
                num(1.96 * drift.standardError()), num(block.exponent()), num(1.96 * block.standardError())));
        s.append("The closed-form readout spreads its weight over all m features (entries of order m^-1/2), so the "
                + "hidden layer's block of the tangent kernel is of order 1/m and the gradient steps on `A` move the "
                + "predictions by O(1/m): the limit is kernel ridge regression with the readout kernel K1, reached at "
                + "the Monte-Carlo rate m^-1/2 of the random features at initialisation. KRR with the full NTK is the "
                + "limit of joint gradient training, not of cf-full.\n\n");
        s.append("![distance to kernel ridge regression against width](" + FIGURE_FILE + ")\n");
        return s.toString();
    }

    private static double mean(List<Measurement> ms, ToDoubleFunction<Measurement> f) {
        return ms.stream().mapToDouble(f).average().orElse(Double.NaN);
    }

    private static double std(List<Measurement> ms, ToDoubleFunction<Measurement> f) {
        if (ms.size() < 2) {
            return 0;
        }
        double m = mean(ms, f);
        double ss = ms.stream().mapToDouble(f).map(v -> (v - m) * (v - m)).sum();
        return Math.sqrt(ss / (ms.size() - 1));
    }
}
