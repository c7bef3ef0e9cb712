package dev.closedform.train;

/**
 * What the harness records after each epoch.
 *
 * @param epoch        1-based epoch number
 * @param steps        optimisation steps taken so far (cumulative)
 * @param trainLoss    mean squared loss on the whole training split, in training units
 * @param testMetric   the task's test metric (e.g. MSE in original units)
 * @param wallSeconds  cumulative training wall time, evaluation excluded
 */
public record EpochMetrics(int epoch, long steps, double trainLoss, double testMetric, double wallSeconds) {}
