package dev.closedform.experiments.reproduce;

/**
 * Progress over a whole reproduction in one unit, its estimated seconds of work, so that a single bar
 * with an ETA covers experiments whose steps cost very different times.
 */
public interface SuiteProgress {

    SuiteProgress NONE = new SuiteProgress() {
        @Override
        public void started(double estimatedSeconds) {}

        @Override
        public void advanced(double estimatedSeconds, String label) {}
    };

    /** The reproduction starts; its work is estimated at {@code estimatedSeconds}. */
    void started(double estimatedSeconds);

    /** Work worth {@code estimatedSeconds} of the estimate is done; {@code label} names what is running. */
    void advanced(double estimatedSeconds, String label);

    /** A run of {@code experiment} finished (trained, continued or found finished). */
    default void runFinished(String experiment, String run) {}
}
