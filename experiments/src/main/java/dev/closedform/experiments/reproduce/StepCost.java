package dev.closedform.experiments.reproduce;

import dev.closedform.train.TrainingConfig;
import dev.closedform.train.TrainingLoop;

/**
 * The estimate of what a training run costs, from step times measured on this project's 2-core machine
 * (one engine thread, quiet machine; see docs/reproduce.md): milliseconds per step of a jointly trained
 * method and of a closed-form one at a batch size (scaled in proportion for other batch sizes), the
 * per-epoch evaluation of both splits per row, and the data generation on a cache miss.
 */
public record StepCost(double jointMs, double closedFormMs, int atBatch, double evalMsPerRow, double dataSeconds) {

    /** Estimated seconds of one run of {@code c} on {@code trainRows} training and {@code testRows} test rows. */
    public double runSeconds(TrainingConfig c, int trainRows, int testRows) {
        double ms = (c.method().closedForm() ? closedFormMs : jointMs) * c.batchSize() / atBatch;
        long steps = (long) c.epochs() * TrainingLoop.stepsPerEpoch(c, trainRows);
        return steps * ms / 1000 + c.epochs() * (double) (trainRows + testRows) * evalMsPerRow / 1000;
    }
}
