package dev.closedform.experiments.iv;

import dev.closedform.data.Table;
import dev.closedform.head.DenseMatrix;
import dev.closedform.iv.IvData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
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
        Table table = table(file);
        LinkedHashSet<String> z = new LinkedHashSet<>(instruments);
        z.addAll(covariates); // exogenous covariates are their own instruments
        return new IvData(table.columns(treatment), table.columns(new ArrayList<>(z)),
                covariates.isEmpty() ? null : table.columns(covariates), table.column(outcome), treatment,
                new ArrayList<>(z), covariates, outcome);
    }

    /** The prediction points of {@code file}: its treatment columns and, if any, covariate columns. */
    public Points points(Path file) {
        Table t = table(file);
        List<String> used = new ArrayList<>(); // in the file's order
        for (String name : t.names()) {
            if (treatment.contains(name) || covariates.contains(name)) {
                used.add(name);
            }
        }
        return new Points(used, t.columns(used), t.columns(treatment), covariates.isEmpty() ? null : t.columns(covariates));
    }

    /**
     * Points at which to predict the structural function.
     *
     * @param names  the grid's treatment and covariate columns in the file's order
     * @param values those columns (rows x names)
     */
    public record Points(List<String> names, DenseMatrix values, DenseMatrix treatment, DenseMatrix covariates) {}

    /** The table through the one reader of the project (quoted fields, R and pandas files, clear errors). */
    static Table table(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no such file: " + file);
        }
        try {
            return Table.read(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
