/**
 * PDE data generators in plain Java (no DJL). {@link dev.closedform.experiments.pde.GaussianRandomField} samples the input fields;
 * {@link dev.closedform.experiments.pde.BurgersSolver} solves viscous Burgers pseudo-spectrally with ETDRK4 and
 * {@link dev.closedform.experiments.pde.DarcySolver} the Darcy problem by finite differences and preconditioned conjugate gradients,
 * configured by {@link dev.closedform.experiments.pde.BurgersConfig} and {@link dev.closedform.experiments.pde.DarcyConfig}. {@link dev.closedform.experiments.pde.PdeData} generates
 * data sets in parallel, deterministically in the seed, and caches them as {@code .npz}
 * ({@link dev.closedform.experiments.pde.PdeDataset}). {@link dev.closedform.experiments.pde.MatFile} reads MATLAB level-5 and v7.3 files and
 * {@link dev.closedform.experiments.pde.FnoMatData} the original FNO benchmark files.
 */
package dev.closedform.experiments.pde;
