package dev.closedform.experiments.run;

import dev.closedform.train.TrainingResult;
import java.nio.file.Path;

/**
 * What one run produced.
 *
 * @param result   the per-epoch metrics
 * @param dir      its run directory
 * @param reused   true when the folder already held this run, finished, and nothing was trained
 */
public record RunOutcome(TrainingResult result, Path dir, boolean reused) {}
