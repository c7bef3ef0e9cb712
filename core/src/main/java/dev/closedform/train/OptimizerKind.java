package dev.closedform.train;

import java.util.Arrays;
import java.util.Locale;

/** Gradient optimisers for the backbone (and for the head in the joint methods). */
public enum OptimizerKind {
    SGD, MOMENTUM, ADAM;

    public static OptimizerKind parse(String name) {
        for (OptimizerKind k : values()) {
            if (k.name().equalsIgnoreCase(name.trim())) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown optimizer '" + name + "'; expected one of "
                + Arrays.toString(values()).toLowerCase(Locale.ROOT));
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
