package dev.closedform.experiments.task;

/** A regression experiment: where the data come from and how it is scored. */
public interface RegressionTask {

    String name();

    /** Generates or reads the data; {@code seed} fixes generation and splitting. */
    PreparedData prepare(long seed);
}
