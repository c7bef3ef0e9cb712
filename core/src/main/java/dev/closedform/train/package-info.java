/**
 * The one training loop and what it is configured with. {@link dev.closedform.train.TrainingLoop} fits a
 * {@code LastLayerModel} on {@code RegressionData} with a {@link dev.closedform.train.TrainingConfig} (whose
 * unset values come from {@link dev.closedform.train.TrainingDefaults}). {@link dev.closedform.train.Method}
 * names the methods and {@link dev.closedform.train.Methods} gives each its
 * {@link dev.closedform.train.LastLayerRule}, the strategy that keeps the last layer, so adding a method never
 * touches the loop. Around it: the backbone optimisers ({@link dev.closedform.train.OptimizerKind}: SGD,
 * momentum, Adam), {@link dev.closedform.train.LearningRateSchedule}, {@link dev.closedform.train.BatchOrder},
 * {@link dev.closedform.train.UpdateOrder}, {@link dev.closedform.train.TestMetric}; the per-epoch
 * {@link dev.closedform.train.EpochMetrics} and the {@link dev.closedform.train.TrainingResult};
 * {@link dev.closedform.train.TrainingListener} for progress; {@link dev.closedform.train.Checkpoint} and
 * {@link dev.closedform.train.CheckpointStore} for resuming; {@link dev.closedform.train.Collective} for the
 * workers of a data-parallel run. A seed fixes initialisation and batch order, so a resumed run repeats an
 * uninterrupted one.
 */
package dev.closedform.train;
