package dev.closedform.train;

import java.util.Locale;

/** Whether a step moves the backbone before or after re-solving the last layer (docs/methods.md). */
public enum UpdateOrder {
    /** Backbone step with {@code W_{t-1}}, then solve {@code W_t} on the updated features (paper default). */
    BACKBONE_FIRST,
    /** Solve {@code W_t} on the current features, then take the backbone step with it. */
    LAST_LAYER_FIRST;

    /** {@code backbone-first} or {@code last-layer-first}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The order of a {@link #label()} (case and surrounding blanks ignored). */
    public static UpdateOrder parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (UpdateOrder o : values()) {
            if (o.label().equals(t)) {
                return o;
            }
        }
        throw new IllegalArgumentException("update order: expected backbone-first or last-layer-first, got '" + text + "'");
    }
}
