package dev.closedform.head;

/**
 * How the engine forms the head's statistics {@code [Phi, Y]^T [Phi, Y]} from float32 features.
 *
 * <p>{@link #FLOAT64}: the features are widened to float64 and multiplied there. A product of two
 * float32 numbers is exact in float64, so the only error is the float64 summation over the n rows:
 * entry (j, k) is within {@code gamma_n sum_i |z_ij z_ik|}, {@code gamma_n = n u / (1 - n u)},
 * {@code u = 2^-53} (about {@code 2e-12} relative for 20,000 rows).
 *
 * <p>{@link #FLOAT32_CHUNKS}: the rows are cut into chunks of {@link #CHUNK_ROWS}; each chunk's
 * product is formed in float32 (one batched product for all chunks, at float32 speed, about three
 * times float64's on this hardware) and the chunk products are summed in float64. With the
 * standard bound for a float32 inner product of length c (any summation order, fused
 * multiply-adds included), {@code |fl(s) - s| <= gamma_c sum |x_i y_i|}, {@code u = 2^-24}, and
 * an exact widening followed by a float64 sum over the K chunks:
 * <pre>
 *   |G_jk - G*_jk| &lt;= (gamma_c + gamma64_K (1 + gamma_c)) sum_i |z_ij| |z_ik|
 *                  &lt;= 6.2e-5 sqrt(G*_jj G*_kk)          (c = 1024, any K below 10^6)
 * </pre>
 * a worst case (a batch of at most c rows has the smaller {@code gamma_n}); rounding errors that do
 * not all point the same way give about {@code sqrt(c) u}, some {@code 2e-6} relative. That is the
 * size of the float32 rounding already in the features (each is a float32 dot product over hundreds
 * of terms), and the bound does not grow with the rows. The training loop uses it on every step, for
 * a neural operator's many rows (samples x grid points: 20,480 for FNO-1d at batch 20, where the
 * float64 product is a tenth of a step) as for a batch of 128, and falls back to float64 statistics
 * for systems too close to singular for this rounding ({@link #FLOAT32_MIN_RELATIVE_PIVOT}).
 */
public enum GramPrecision {
    FLOAT64,
    FLOAT32_CHUNKS;

    /**
     * The smallest relative Cholesky pivot (a pivot over its diagonal entry: the fraction of that
     * entry left after eliminating the earlier ones) at which a solve may use {@link #FLOAT32_CHUNKS}
     * statistics; below it the training loop's solve forms float64 statistics instead. To first order a
     * relative perturbation of the entries (at most 6.2e-5, typically 2e-6, see above) reaches the pivots
     * and the solution amplified by about the inverse of the smallest relative pivot: with pivots of at
     * least 1e-2, at most 0.6% and typically 0.02%. An unregularised or barely regularised system on
     * nearly collinear features has smaller pivots and gets the float64 statistics.
     */
    public static final double FLOAT32_MIN_RELATIVE_PIVOT = 1e-2;

    /** Rows per float32 chunk of {@link #FLOAT32_CHUNKS}; the bound above holds for this size. */
    public static final int CHUNK_ROWS = 1024;

    /**
     * The worst-case relative bound of {@link #FLOAT32_CHUNKS} above, {@code gamma_c} plus the float64
     * sum over {@code chunks} chunks: entry (j, k) is within this times {@code sum_i |z_ij| |z_ik|}.
     */
    public static double float32ChunkBound(long chunks) {
        double u32 = Math.ulp(1.0f) / 2; // 2^-24
        double u64 = Math.ulp(1.0) / 2; // 2^-53
        double gammaC = CHUNK_ROWS * u32 / (1 - CHUNK_ROWS * u32);
        double gammaK = chunks * u64 / (1 - chunks * u64);
        return gammaC + gammaK * (1 + gammaC);
    }
}
