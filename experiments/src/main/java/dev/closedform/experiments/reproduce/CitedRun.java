package dev.closedform.experiments.reproduce;

import dev.closedform.train.EpochMetrics;
import java.util.List;

/**
 * One run as the report cites it, read back from its run directory: where it is, what it is, the
 * number the report takes from it and its learning curve.
 *
 * @param dir         the run directory, relative to the reproduction's folder
 * @param arm         the part of the experiment it belongs to (e.g. {@code cnn}), as its tables name it
 * @param method      the method's label, e.g. {@code cf-prox@adam}
 * @param group       the sweep cell (e.g. {@code lambda=0.1}), or null
 * @param seed        its seed
 * @param status      {@code finished}, or why it has no number ({@code failed}, {@code missing})
 * @param valueField  the field of {@code run.json}'s {@code result} the number comes from
 * @param value       that number (NaN when the run did not finish)
 * @param curve       its {@code metrics.csv} (for a run read off a refit run: up to the refit)
 * @param command     {@code run.json}'s {@code command}
 * @param error       why the run failed ({@code run.json}'s {@code error}), or empty
 */
public record CitedRun(String dir, String arm, String method, String group, long seed, String status, String valueField,
                       double value, List<EpochMetrics> curve, List<String> command, String error) {

    public CitedRun {
        curve = List.copyOf(curve);
        command = List.copyOf(command);
        error = error == null ? "" : error;
    }

    /** How tables name the method and its cell. */
    public String label() {
        return group == null ? method : method + " [" + group + "]";
    }

    public boolean finished() {
        return "finished".equals(status) && !curve.isEmpty();
    }
}
