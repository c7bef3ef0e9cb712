package dev.closedform.experiments.operator;

/**
 * Where an operator task's samples come from: a generator (Burgers, Darcy, the synthetic heat
 * semigroup) or a file. Deterministic in the seed.
 */
public interface OperatorDataSource {

    /** {@code samples} input/output pairs at the source's native resolution. */
    OperatorData generate(int samples, long seed);

    /** One line for run.json and reports. */
    String description();
}
