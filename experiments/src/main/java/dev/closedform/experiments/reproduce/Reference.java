package dev.closedform.experiments.reproduce;

/**
 * A published or previously measured value our result is set beside.
 *
 * @param what    what was measured, e.g. {@code "adam, Burgers s = 1024, 500 epochs, batch 20"}
 * @param arm     the part of the experiment holding that method, or null for the first
 * @param method  the method of ours it compares with (its label in the experiment), or null for none
 * @param value   the value, in the experiment's metric
 * @param spread  its spread as published (e.g. {@code "IQR 192-248"}), or empty
 * @param source  where it comes from, e.g. {@code "FNO paper (Li et al. 2021), Table 1"}
 * @param reason  what we think explains a difference between it and ours, stated before the run
 */
public record Reference(String what, String arm, String method, double value, String spread, String source, String reason) {

    public Reference {
        if (what == null || what.isBlank() || source == null || source.isBlank()) {
            throw new IllegalArgumentException("a reference needs what it measured and its source");
        }
        spread = spread == null ? "" : spread;
        reason = reason == null ? "" : reason;
    }
}
