/**
 * The closed-form last layer, in double precision on the JVM. {@link dev.closedform.head.GramStatistics}
 * holds a batch's sufficient statistics ({@code Phi^T Phi}, {@code Y^T Phi}, rows), which add over shards
 * and workers; {@link dev.closedform.head.ProximalSolver} minimises the ridge or proximal objective
 * {@code (1/n) ||Y - Phi W^T||^2 + lambda ||W - Wprev||^2 + beta ||W||^2} in its primal or dual (Woodbury)
 * form; {@link dev.closedform.head.Cholesky} factorises once for every output and refuses a system that is
 * not positive definite ({@link dev.closedform.head.NotPositiveDefiniteException}) instead of adding jitter;
 * {@link dev.closedform.head.RecursiveRidge} is the exponentially weighted pooled ridge (recursive least
 * squares); {@link dev.closedform.head.DenseMatrix} is the small row-major container of systems and weights.
 */
package dev.closedform.head;
