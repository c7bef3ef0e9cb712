/**
 * Deep feature instrumental-variable regression (DFIV) with both linear stages in closed form.
 * {@link dev.closedform.iv.DfivTrainer} trains the treatment, instrument and covariate networks on
 * {@link dev.closedform.iv.IvData} with a {@link dev.closedform.iv.DfivConfig}; the
 * {@link dev.closedform.iv.DfivMethod} chooses how each stage's weights are updated from a batch (ridge,
 * proximal or recursive pooled solves) and whether the run ends with an exact refit;
 * {@link dev.closedform.iv.Stages} holds the double-precision stage solves and
 * {@link dev.closedform.iv.DfivModel} predicts the structural function. Batch order, learning-rate schedule,
 * listeners and checkpoints are those of the training loop.
 */
package dev.closedform.iv;
