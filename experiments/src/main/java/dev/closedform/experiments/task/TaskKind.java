package dev.closedform.experiments.task;

/** What a task's rows are, which decides the backbones that fit them. */
public enum TaskKind {
    /** Plain feature rows: an MLP (or a linear model). */
    TABULAR,
    /** Sampled fields: the task implies its FNO; head rows are (sample, grid point). */
    OPERATOR,
    /** Flattened images with one-hot targets: MLP, CNN or ResNet. */
    IMAGE
}
