package dev.closedform.experiments.reproduce;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One experiment of the paper's suite: what it claims, what it runs at a scale, and how its verdict is
 * reached. {@link #run} reuses every finished run in its folder; {@link #report} reads only that folder,
 * so the report of a reproduction that was interrupted and resumed is the report of one that was not.
 */
public interface Experiment {

    /** The name {@code --only} takes, e.g. {@code burgers}. */
    String name();

    /** The heading of its section, e.g. {@code "Burgers, FNO-1d (section 5.2)"}. */
    String title();

    /** The paper's claim it tests (or, said so, the statement tested where the paper gives none). */
    String claim();

    /** Experiments whose folders this one reads (run before it, added by {@code --only}). */
    default List<String> requires() {
        return List.of();
    }

    /** Its runs and estimated time at these settings, known without training or generating data. */
    Plan plan(SuiteSettings settings);

    /** Runs it into {@code dir}, reusing finished runs and continuing interrupted ones. */
    void run(SuiteSettings settings, Path dir, WorkMeter meter);

    /**
     * Its section of the report, read from {@code dir}; {@code earlier} holds the reports of the experiments
     * before it (those of {@link #requires()} among them) by name.
     */
    ExperimentReport report(SuiteSettings settings, Path dir, Map<String, ExperimentReport> earlier);
}
