package dev.closedform.experiments.iv;

import dev.closedform.head.DenseMatrix;
import dev.closedform.iv.IvData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Which columns of a table are the outcome, the treatment(s), the instruments and the exogenous
 * covariates. The covariates are added to the instruments (they are their own instruments).
 */
public record IvColumns(String outcome, List<String> treatment, List<String> instruments, List<String> covariates) {

    public IvColumns {
        if (outcome == null || outcome.isBlank() || treatment == null || treatment.isEmpty() || instruments == null
                || instruments.isEmpty()) {
            throw new IllegalArgumentException("IV data need --outcome, --treatment and --instruments");
        }
        outcome = outcome.trim();
        treatment = treatment.stream().map(String::trim).toList();
        instruments = instruments.stream().map(String::trim).toList();
        covariates = covariates == null ? List.of() : covariates.stream().map(String::trim).toList();
    }

    /** The rows of {@code file} as IV data, in double precision. */
    public IvData read(Path file) {
        IvTable table = table(file);
        LinkedHashSet<String> z = new LinkedHashSet<>(instruments);
        z.addAll(covariates); // exogenous covariates are their own instruments
        return new IvData(table.columns(treatment), table.columns(new ArrayList<>(z)),
                covariates.isEmpty() ? null : table.columns(covariates), table.column(table.column(outcome)), treatment,
                new ArrayList<>(z), covariates, outcome);
    }

    /** The prediction points of {@code file}: its treatment columns and, if any, covariate columns. */
    public Points points(Path file) {
        IvTable t = table(file);
        return new Points(t, t.columns(treatment), covariates.isEmpty() ? null : t.columns(covariates));
    }

    /** Points at which to predict the structural function, with the table they came from. */
    public record Points(IvTable table, DenseMatrix treatment, DenseMatrix covariates) {}

    static IvTable table(Path file) {
        try {
            return IvTable.read(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
