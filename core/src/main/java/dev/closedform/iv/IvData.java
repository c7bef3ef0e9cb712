package dev.closedform.iv;

import dev.closedform.head.DenseMatrix;
import java.util.List;

/**
 * Instrumental-variable data, one row per unit, in double precision: treatment X (n x dx), instruments
 * Z (n x dz), optional exogenous covariates W (n x dw, or null), outcome y (n). Exogenous covariates
 * act as their own instruments, so Z should contain them too (the CLI adds them).
 */
public record IvData(DenseMatrix treatment, DenseMatrix instruments, DenseMatrix covariates, double[] outcome,
                     List<String> treatmentNames, List<String> instrumentNames, List<String> covariateNames,
                     String outcomeName) {

    public IvData {
        int n = outcome.length;
        if (n < 2) {
            throw new IllegalArgumentException("IV data needs at least 2 rows, got " + n);
        }
        check("treatment", treatment, n);
        check("instruments", instruments, n);
        if (covariates != null) {
            check("covariates", covariates, n);
        }
        covariateNames = covariateNames == null ? List.of() : List.copyOf(covariateNames);
        for (double v : outcome) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("outcome holds a non-finite value " + v);
            }
        }
    }

    private static void check(String name, DenseMatrix m, int n) {
        if (m == null) {
            throw new IllegalArgumentException(name + " is required");
        }
        if (m.rows() != n) {
            throw new IllegalArgumentException(name + " has " + m.rows() + " rows but the outcome has " + n);
        }
        for (double v : m.data()) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException(name + " holds a non-finite value " + v);
            }
        }
    }

    public int rows() {
        return outcome.length;
    }

    public boolean hasCovariates() {
        return covariates != null && covariates.cols() > 0;
    }

    /** The rows {@code idx}, in that order. */
    public IvData subset(int[] idx) {
        double[] y = new double[idx.length];
        for (int i = 0; i < idx.length; i++) {
            y[i] = outcome[idx[i]];
        }
        return new IvData(rows(treatment, idx), rows(instruments, idx), covariates == null ? null : rows(covariates, idx),
                y, treatmentNames, instrumentNames, covariateNames, outcomeName);
    }

    static DenseMatrix rows(DenseMatrix m, int[] idx) {
        DenseMatrix out = DenseMatrix.zeros(idx.length, m.cols());
        for (int i = 0; i < idx.length; i++) {
            System.arraycopy(m.data(), idx[i] * m.cols(), out.data(), i * m.cols(), m.cols());
        }
        return out;
    }
}
