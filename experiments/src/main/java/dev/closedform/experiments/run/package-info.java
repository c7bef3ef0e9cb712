/**
 * What a run is, independent of any terminal. {@link dev.closedform.experiments.run.Runner} executes one configuration of a task
 * into a run folder and {@link dev.closedform.experiments.run.Sweep} a product of methods, axes ({@link dev.closedform.experiments.run.SweepAxis}) and seeds,
 * with {@code summary.json} and a report; {@link dev.closedform.experiments.run.OutputPlan} decides how an existing folder is used
 * (fresh, resumed, a staged replacement swapped in when finished, or already done), so that files of two runs
 * never meet in one folder. {@link dev.closedform.experiments.run.RunRecord} is the content of {@code run.json} (identity, provenance,
 * status, result), {@link dev.closedform.experiments.run.RunDirectory} the file layout ({@code run.json}, {@code metrics.csv},
 * {@code model.npz}, {@code checkpoint.npz}), {@link dev.closedform.experiments.run.Provenance} the versions and machine facts;
 * {@link dev.closedform.experiments.run.MethodSpec} is a method as a comparison lists it ({@code cf-prox@adam}), and
 * {@link dev.closedform.experiments.run.SweepNotes} words a comparison's notes. The command line is a thin caller of this package.
 */
package dev.closedform.experiments.run;
