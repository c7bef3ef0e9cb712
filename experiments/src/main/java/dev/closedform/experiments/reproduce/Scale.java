package dev.closedform.experiments.reproduce;

import dev.closedform.experiments.theory.TheoryScale;
import java.util.Locale;

/**
 * How big the reproduction is: {@code smoke} runs every experiment end to end on tiny sizes in minutes,
 * {@code paper} uses the paper's data sizes with the epoch budgets its experiments state.
 */
public enum Scale {
    SMOKE,
    PAPER;

    /** {@code smoke} or {@code paper} (case and blanks ignored); the error names {@code --scale}. */
    public static Scale parse(String name) {
        String n = name == null ? "" : name.trim().toUpperCase(Locale.ROOT);
        for (Scale s : values()) {
            if (s.name().equals(n)) {
                return s;
            }
        }
        throw new IllegalArgumentException("--scale must be smoke or paper, got '" + name + "'");
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The theory computations' preset of the same size. */
    public TheoryScale theory() {
        return this == SMOKE ? TheoryScale.SMOKE : TheoryScale.PAPER;
    }

    /** One of two values by scale. */
    public <T> T pick(T smoke, T paper) {
        return this == SMOKE ? smoke : paper;
    }
}
