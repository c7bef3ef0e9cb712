/**
 * Sampled fields as training data for the operator tasks. An {@link dev.closedform.experiments.operator.OperatorDataSource} supplies
 * input and output fields: {@link dev.closedform.experiments.operator.OperatorSources} the cached Burgers and Darcy generators,
 * {@link dev.closedform.experiments.operator.HeatSemigroup} the exact heat equation. {@link dev.closedform.experiments.operator.OperatorData} holds pairs of
 * sampled fields (also read from {@code .npz} files), and a {@link dev.closedform.experiments.operator.GenerationListener} hears of
 * generation progress on a cache miss.
 */
package dev.closedform.experiments.operator;
