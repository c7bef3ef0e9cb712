package dev.closedform.experiments.reproduce;

import dev.closedform.experiments.theory.TheorySuite;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The paper's suite as data: every experiment in running order, by name, and the groups {@code --only}
 * also takes ({@code ablations}, {@code theory}, {@code fno}, {@code classification}).
 */
public final class Experiments {

    static final String NTK_RATE = "Why this rate: with its head at the exact ridge optimum, cf-full's predictions are kernel ridge "
            + "regression with the network's empirical readout kernel, a mean over the m hidden units of relu(a.x) relu(a.x'). "
            + "That mean is a Monte Carlo estimate of the arc-cosine kernel K1 with fluctuations of order m^-1/2, and the "
            + "gradient steps on the hidden layer move the predictions by only O(1/m) (every head weight is O(m^-1/2)); kernel "
            + "ridge regression is smooth in its kernel when beta > 0, so the distance to KRR with K1 falls like m^-1/2, the "
            + "fitted exponent near -0.5 above. KRR with the full tangent kernel (K1 plus the hidden layer's block) is the limit of "
            + "joint training, not of the closed-form head, so that distance levels off at the gap between the two kernel predictors.";

    private static final List<Experiment> ALL = List.of(
            new LandscapeExperiment(),
            OperatorExperiments.burgersExperiment(),
            OperatorExperiments.darcyExperiment(),
            DemandExperiments.cell(),
            DemandExperiments.grid(),
            ClassificationExperiments.fashionMnist(),
            ClassificationExperiments.mnist(),
            OperatorExperiments.lambdaAblation(),
            OperatorExperiments.betaAblation(),
            OperatorExperiments.batchAblation(),
            OperatorExperiments.orderAblation(),
            OperatorExperiments.optimizerAblation(),
            OperatorExperiments.initialHeadAblation(),
            OperatorExperiments.noTuning(),
            new TheoryExperiment("spurious", "Theory: the spurious stationary region of L* (section 4)", TheorySuite.Part.SPURIOUS,
                    "L* has spurious stationary points (e.g. every feature off), and runs can start in that region.", 10, 90, ""),
            new TheoryExperiment("ntk", "Theory: the NTK regime of cf-full (section 4)", TheorySuite.Part.NTK,
                    "For a wide two-layer ReLU network trained by cf-full, the predictions approach kernel ridge regression with the "
                            + "network's tangent kernel as the width grows (distance at 4+ widths, kernel in float64).", 10, 180, NTK_RATE),
            new TheoryExperiment("one-step", "Theory: the one-step identity (section 4)", TheorySuite.Part.ONE_STEP,
                    "L(W) - L(W*) = tr[(W - W*) H (W - W*)^T] on real training states; one closed-form step lowers the loss more "
                            + "than one SGD step.", 10, 45, ""));

    private static final Map<String, List<String>> GROUPS = Map.of(
            "ablations", List.of("ablation-lambda", "ablation-beta", "ablation-batch", "ablation-order", "ablation-optimizer",
                    "ablation-initial-head"),
            "theory", List.of("spurious", "ntk", "one-step"),
            "fno", List.of("burgers", "darcy"),
            "classification", List.of("fashion-mnist", "mnist"));

    private Experiments() {}

    /** Every experiment, in running order. */
    public static List<Experiment> all() {
        return ALL;
    }

    public static List<String> names() {
        return ALL.stream().map(Experiment::name).toList();
    }

    /**
     * The experiments {@code --only} names (experiment names or groups, in any case), in running order, with
     * the experiments they require; null or empty means all. An unknown name is an error listing the names.
     */
    public static List<Experiment> select(List<String> only) {
        if (only == null || only.isEmpty()) {
            return ALL;
        }
        Set<String> wanted = new LinkedHashSet<>();
        for (String raw : only) {
            String n = raw.trim().toLowerCase(Locale.ROOT);
            if (GROUPS.containsKey(n)) {
                wanted.addAll(GROUPS.get(n));
            } else if (names().contains(n)) {
                wanted.add(n);
            } else {
                throw new IllegalArgumentException("--only: unknown experiment '" + raw.trim() + "'; expected names from "
                        + String.join(", ", names()) + " or groups " + String.join(", ", new java.util.TreeSet<>(GROUPS.keySet())));
            }
        }
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Experiment e : ALL) {
                if (wanted.contains(e.name()) && !wanted.containsAll(e.requires())) {
                    wanted.addAll(e.requires());
                    grew = true;
                }
            }
        }
        List<Experiment> out = new ArrayList<>();
        for (Experiment e : ALL) {
            if (wanted.contains(e.name())) {
                out.add(e);
            }
        }
        return out;
    }

    /** The experiment of a name. */
    public static Experiment get(String name) {
        return ALL.stream().filter(e -> e.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown experiment '" + name + "'"));
    }

    /** Experiments that {@link #select} added because others require them, by requiring experiment. */
    public static Map<String, List<String>> addedRequirements(List<String> only, List<Experiment> selected) {
        Map<String, List<String>> added = new LinkedHashMap<>();
        if (only == null || only.isEmpty()) {
            return added;
        }
        for (Experiment e : selected) {
            for (String r : e.requires()) {
                if (only.stream().noneMatch(o -> o.trim().equalsIgnoreCase(r))) {
                    added.computeIfAbsent(e.name(), k -> new ArrayList<>()).add(r);
                }
            }
        }
        return added;
    }
}
