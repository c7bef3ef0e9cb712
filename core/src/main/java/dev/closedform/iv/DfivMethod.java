package dev.closedform.iv;

import java.util.Arrays;
import java.util.Locale;

/**
 * The DFIV methods: whether a run is full batch, whether it ends with an exact refit, and how each stage is
 * updated from a batch ({@link #stage1}, {@link #stage2}: {@link StageUpdate} strategies of the one
 * {@link DfivTrainer}).
 *
 * <ul>
 *   <li>{@code dfiv-full}: original DFIV, full batch; each epoch takes {@code stage1Iters} instrument-net steps and
 *       {@code stage2Iters} treatment/covariate-net steps, each stage re-solved exactly on the whole half.</li>
 *   <li>{@code dfiv-batch-refit}: mini-batches, per-batch ridge solves, then one exact refit of both stages on the
 *       full halves with the final networks (the costly baseline).</li>
 *   <li>{@code dfiv-batch}: the same without the refit (the last batch's stage-2 weights are kept).</li>
 *   <li>{@code cf-prox}: mini-batches, proximal closed form in both stages, no refit (the paper's method).</li>
 *   <li>{@code cf-rls}: mini-batches, exponentially weighted pooled ridge in both stages (recursive least squares,
 *       the exact Kalman counterpart of the proximal solve: the precision is carried forward), no refit.</li>
 *   <li>{@code cf-auto}: mini-batches, proximal closed form in both stages with {@code lambda} and {@code beta} chosen per
 *       batch by generalised cross-validation ({@link AutoStage}); {@code --prox} and the ridges are not used; no refit.</li>
 *   <li>{@code cf-prox-refit}: cf-prox followed by the exact refit; read before its refit it is cf-prox, so one run
 *       tells how much of the gap to the refit is in the stage weights and how much in the networks.</li>
 * </ul>
 */
public enum DfivMethod {
    DFIV_FULL("dfiv-full", true, false, true),
    DFIV_BATCH_REFIT("dfiv-batch-refit", false, false, true),
    DFIV_BATCH("dfiv-batch", false, false, false),
    CF_PROX("cf-prox", false, true, false),
    CF_RLS("cf-rls", false, false, false) {
        @Override
        StageUpdate stage1(DfivConfig c, double ridge, double memory) {
            return c.recursiveStage1() ? new RecursiveStage(memory, ridge) : stageOf(c.effectiveStage1Prox(), ridge, c);
        }

        @Override
        StageUpdate stage2(DfivConfig c, double ridge, double memory) {
            return new RecursiveStage(memory, ridge);
        }
    },
    CF_PROX_REFIT("cf-prox-refit", false, true, true),
    CF_AUTO("cf-auto", false, false, false) {
        @Override
        StageUpdate stage1(DfivConfig c, double ridge, double memory) {
            return new AutoStage();
        }

        @Override
        StageUpdate stage2(DfivConfig c, double ridge, double memory) {
            return new AutoStage();
        }
    };

    private final String label;
    private final boolean fullBatch;
    private final boolean proximal;
    private final boolean refit;

    DfivMethod(String label, boolean fullBatch, boolean proximal, boolean refit) {
        this.label = label;
        this.fullBatch = fullBatch;
        this.proximal = proximal;
        this.refit = refit;
    }

    /**
     * How stage 1 is updated from a batch (the strategy), with the per-batch ridge and the pooled memory in
     * batch pairs: a ridge solve, the proximal closed form, or the recursive pooled solve.
     */
    StageUpdate stage1(DfivConfig c, double ridge, double memory) {
        return stageOf(c.effectiveStage1Prox(), ridge, c);
    }

    /** How stage 2 is updated from a batch. */
    StageUpdate stage2(DfivConfig c, double ridge, double memory) {
        return stageOf(c.effectiveStage2Prox(), ridge, c);
    }

    private static StageUpdate stageOf(double lambda, double ridge, DfivConfig c) {
        return lambda == 0 ? new RidgeStage(ridge) : new ProximalStage(lambda, ridge, c.scaledProx());
    }

    public String label() {
        return label;
    }

    public boolean fullBatch() {
        return fullBatch;
    }

    /** Stage solves pull towards the previous stage weights (coefficient {@link DfivConfig#prox()}). */
    public boolean proximal() {
        return proximal;
    }

    /** Stage solves pool the past batches' statistics ({@link dev.closedform.head.RecursiveRidge}). */
    public boolean recursive() {
        return this == CF_RLS;
    }

    /** The final model comes from an exact closed-form fit of both stages on the full halves. */
    public boolean refit() {
        return refit;
    }

    /** The same training run without its refit (dfiv-batch for dfiv-batch-refit, cf-prox for cf-prox-refit), else null. */
    public DfivMethod withoutRefit() {
        return switch (this) {
            case DFIV_BATCH_REFIT -> DFIV_BATCH;
            case CF_PROX_REFIT -> CF_PROX;
            default -> null;
        };
    }

    /** All labels, in declaration order. */
    public static java.util.List<String> labels() {
        return Arrays.stream(values()).map(DfivMethod::label).toList();
    }

    public static DfivMethod parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (DfivMethod m : values()) {
            if (m.label.equals(n)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown DFIV method '" + name + "'; expected one of " + String.join(", ", labels()));
    }
}
