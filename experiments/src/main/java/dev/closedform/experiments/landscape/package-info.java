/**
 * The paper's Figure 1, computed exactly in double precision: the loss of {@code f(x) = W relu(theta x)} on a
 * few points over a grid of {@code (theta, W)}, with the closed-form {@code W*(theta)} and the profiled loss
 * {@code L*(theta)}, whose flat region where every feature is off is a spurious stationary region
 * ({@link dev.closedform.experiments.landscape.Landscape}, {@link dev.closedform.experiments.landscape.LandscapeConfig}, {@link dev.closedform.experiments.landscape.LandscapeResult}).
 */
package dev.closedform.experiments.landscape;
