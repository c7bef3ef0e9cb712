package dev.closedform.experiments.theory;

import java.util.Locale;

/** How big the theory computations are: {@code smoke} runs in seconds, {@code paper} in minutes. */
public enum TheoryScale {
    SMOKE,
    PAPER;

    /** {@code smoke} or {@code paper} (case and blanks ignored). */
    public static TheoryScale parse(String name) {
        String n = name == null ? "" : name.trim().toUpperCase(Locale.ROOT);
        for (TheoryScale s : values()) {
            if (s.name().equals(n)) {
                return s;
            }
        }
        throw new IllegalArgumentException("scale must be smoke or paper, got '" + name + "'");
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
