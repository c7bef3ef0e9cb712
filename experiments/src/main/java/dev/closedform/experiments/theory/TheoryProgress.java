package dev.closedform.experiments.theory;

/** Progress of a theory computation in units it announces up front (runs, seeds); for progress bars. */
@FunctionalInterface
public interface TheoryProgress {

    TheoryProgress NONE = (done, total, label) -> {};

    /** {@code done} of {@code total} units are finished; {@code label} names the last one. */
    void advanced(int done, int total, String label);
}
