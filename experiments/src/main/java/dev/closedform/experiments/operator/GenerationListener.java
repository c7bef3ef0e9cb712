package dev.closedform.experiments.operator;

/**
 * Progress of generating an operator data set (Burgers or Darcy solves). Called only when samples are
 * actually computed: a data set read back from the cache reports nothing.
 */
public interface GenerationListener {

    /** Reports nothing. */
    GenerationListener NONE = new GenerationListener() {};

    /** Generation of {@code samples} samples starts (before the first {@link #onSample}). */
    default void onStart(String description, int samples) {}

    /**
     * One more sample is finished, {@code done} so far. Calls come from worker threads, one at a time,
     * but {@code done} may arrive out of order.
     */
    default void onSample(int done) {}

    /** Generation is over (after the last {@link #onSample}); only called after {@link #onStart}. */
    default void onEnd() {}
}
