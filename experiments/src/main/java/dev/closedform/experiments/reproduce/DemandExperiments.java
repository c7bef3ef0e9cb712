package dev.closedform.experiments.reproduce;

import dev.closedform.experiments.reproduce.DemandExperiment.Arm;
import dev.closedform.experiments.reproduce.DemandExperiment.Cost;
import dev.closedform.experiments.reproduce.DemandExperiment.Findings;
import dev.closedform.experiments.reproduce.DemandExperiment.Setup;
import dev.closedform.train.LearningRateSchedule;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * DFIV on the demand design (section 5.3): the reference cell n = 5000, rho = 0.5 over many seeds, with
 * the readout variant found worth keeping, and the paper's n x rho grid.
 */
final class DemandExperiments {

    static final List<String> METHODS = List.of("dfiv-full", "dfiv-batch-refit", "dfiv-batch", "cf-prox-refit", "cf-prox");
    static final String ORIGINAL = "the original DFIV code (Xu et al. 2021) run on this machine, n = 5000, rho = 0.5";

    private DemandExperiments() {}

    static final String CLAIM = "cf-prox (proximal closed form in both stages, no refit) nearly matches mini-batch DFIV with "
            + "its costly final full-data refit (within 1.1x here) and beats mini-batch DFIV without the refit.";

    private static Cost cost(Scale scale) {
        return scale.pick(new Cost(8, 0.15), new Cost(5.6, 0.082));
    }

    /**
     * The paper's readout against the variant that came within 1.05x of the refit without one: stage weights
     * pooled over the last epoch, learning rate (and BatchNorm momentum) decayed by a cosine, lambdas 0.1 and 1.
     */
    private static List<Arm> arms(boolean withVariant) {
        List<Arm> arms = new ArrayList<>();
        arms.add(new Arm("main", "the paper's methods (default settings, the last batch's stage weights)", METHODS, UnaryOperator.identity()));
        if (withVariant) {
            arms.add(new Arm("pooled", "cf-prox with stage weights pooled over the last epoch and a cosine learning rate",
                    List.of("cf-prox-refit", "cf-prox"), b -> b.optPooledFinal(true).optSchedule(LearningRateSchedule.COSINE)
                    .optProx(0.1).optStage1Prox(1)));
        }
        return arms;
    }

    static DemandExperiment cell() {
        return new DemandExperiment("demand", "Demand design, DFIV (section 5.3)", CLAIM, scale -> new Setup(
                scale.pick(List.of(600), List.of(5000)), List.of(0.5), scale.pick(2, 10), scale.pick(3, 100),
                scale.pick(3000.0, 205.6), scale == Scale.PAPER ? "the original DFIV code's full-batch median" : "chosen for the smoke size",
                List.of(new Reference("full batch DFIV, median", null, "dfiv-full", 205.6, "IQR 192-248", ORIGINAL,
                                "the same algorithm and settings; seeds, initialisation draws and data draws differ"),
                        new Reference("mini-batch DFIV with the final refit, median", null, "dfiv-batch-refit", 217, "2 seeds", ORIGINAL,
                                "the reference ran the original code's mini-batch mode (20 + 20 network steps per batch pair, "
                                        + "per-batch ridge x25); ours takes 1 + 1 + 1 steps per pair"),
                        new Reference("mini-batch DFIV before the refit, median", null, "dfiv-batch", 446, "", ORIGINAL,
                                "as above: the original's mini-batch mode")),
                arms(true), cost(scale), scale.pick("smoke scale: n = 600, 3 epochs", "the paper's n = 5000 and the original's "
                        + "100 epochs, batch 100")), DemandExperiments::judgeCell);
    }

    static DemandExperiment grid() {
        return new DemandExperiment("demand-grid", "Demand design over n x rho, DFIV (section 5.3)",
                "Over the paper's grid of sample sizes and confounding strengths, cf-prox beats mini-batch DFIV without refit and "
                        + "comes within 1.1x of the refit in most cells.", scale -> new Setup(
                scale.pick(List.of(400, 800), List.of(1000, 5000, 10000)),
                scale.pick(List.of(0.25, 0.75), List.of(0.1, 0.25, 0.5, 0.75, 0.9)), scale.pick(1, 3), scale.pick(2, 100),
                scale.pick(3000.0, 205.6), scale == Scale.PAPER ? "the original DFIV code's full-batch median at n = 5000, rho = 0.5"
                        : "chosen for the smoke size", List.of(), arms(false), cost(scale),
                scale.pick("smoke scale: n 400 and 800, rho 0.25 and 0.75, 2 epochs", "100 epochs, batch 100")),
                DemandExperiments::judgeGrid);
    }

    static Judgement judgeCell(Findings f) {
        String cell = f.groups("main").get(0);
        Stats cf = f.stats("main", "cf-prox", cell);
        Stats refit = f.stats("main", "dfiv-batch-refit", cell);
        Stats batch = f.stats("main", "dfiv-batch", cell);
        Stats full = f.stats("main", "dfiv-full", cell);
        Stats pooled = f.stats("pooled", "cf-prox", cell);
        double ratio = cf.median() / refit.median();
        String text = "median grid MSE: cf-prox " + median(cf) + " = " + Format.num(ratio) + "x dfiv-batch-refit " + median(refit)
                + ", dfiv-batch " + median(batch) + ", dfiv-full " + median(full) + "; cf-prox with the pooled readout "
                + median(pooled) + " (" + Format.num(pooled.median() / refit.median()) + "x the refit)";
        boolean holds = cf.any() && refit.any() && batch.any() && ratio <= 1.1 && cf.median() < batch.median();
        return holds ? Judgement.holds(text) : Judgement.doesNotHold(text);
    }

    static Judgement judgeGrid(Findings f) {
        List<String> cells = f.groups("main");
        int belowBatch = 0;
        int nearRefit = 0;
        for (String c : cells) {
            Stats cf = f.stats("main", "cf-prox", c);
            if (cf.median() < f.stats("main", "dfiv-batch", c).median()) {
                belowBatch++;
            }
            if (cf.median() <= 1.1 * f.stats("main", "dfiv-batch-refit", c).median()) {
                nearRefit++;
            }
        }
        String text = "cf-prox's median below dfiv-batch's in " + belowBatch + " of " + cells.size() + " cells, within 1.1x of "
                + "dfiv-batch-refit's in " + nearRefit + " of " + cells.size();
        boolean holds = 2 * belowBatch > cells.size() && 2 * nearRefit > cells.size();
        return holds ? Judgement.holds(text) : Judgement.doesNotHold(text);
    }

    private static String median(Stats s) {
        return s.any() ? Format.num(s.median()) + " (IQR " + Format.num(s.q1()) + "-" + Format.num(s.q3()) + ", " + s.n() + " seeds)" : "n/a";
    }
}
