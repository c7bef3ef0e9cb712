/**
 * Instrumental-variable regression as runs. {@link dev.closedform.experiments.iv.DemandDesign} generates the demand design (samples,
 * the 2800-point test grid and the noiseless structural function); {@link dev.closedform.experiments.iv.IvRun} runs DFIV into a run
 * folder (with {@code predictions.csv} at given points) and {@link dev.closedform.experiments.iv.DemandSweep} sweeps sample sizes x
 * confounding strengths x methods x seeds on the demand design; {@link dev.closedform.experiments.iv.IvColumns}
 * says which columns of a table are outcome, treatment, instruments and covariates.
 * Folders follow the rules of {@code dev.closedform.experiments.run}.
 */
package dev.closedform.experiments.iv;
