/**
 * Results people read. {@link dev.closedform.experiments.report.SummaryWriter} writes {@code summary.json} and
 * {@link dev.closedform.experiments.report.ReportWriter} {@code report.md} and {@code report.html} from a {@link dev.closedform.experiments.report.ReportSpec}
 * and the runs' {@link dev.closedform.experiments.report.RunResult}s; {@link dev.closedform.experiments.report.MethodStats} computes mean, spread and cost per
 * method and sweep cell; {@link dev.closedform.experiments.report.CurvePlots} and {@link dev.closedform.experiments.report.LandscapePlot} draw PNGs with
 * XChart, headless.
 */
package dev.closedform.experiments.report;
