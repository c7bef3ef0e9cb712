/**
 * The task registry. {@link dev.closedform.experiments.task.Tasks} holds every task by name with its
 * {@link dev.closedform.experiments.task.TaskDefinition} (kind, training defaults, sizes and a factory); a factory turns the
 * user's {@link dev.closedform.experiments.task.TaskOptions} into a {@link dev.closedform.experiments.task.RegressionTask}, refusing options that do not
 * apply, and {@link dev.closedform.experiments.task.RegressionTask#prepare(long)} gives the {@link dev.closedform.experiments.task.PreparedData} (train and
 * test data, metric, standardiser, implied model). The tasks: {@link dev.closedform.experiments.task.FriedmanTask},
 * {@link dev.closedform.experiments.task.CsvTask}, {@link dev.closedform.experiments.task.OperatorTask} and {@link dev.closedform.experiments.task.ImageClassificationTask}.
 */
package dev.closedform.experiments.task;
