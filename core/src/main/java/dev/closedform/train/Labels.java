package dev.closedform.train;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;

/** The constant of an enum named on the command line by its label; the error lists every label. */
final class Labels {

    private Labels() {}

    /**
     * @param what what the label names, for the error ("unknown loss 'l1'; expected one of squared, relative-l2")
     * @param name the label as given (case and surrounding blanks ignored)
     */
    static <E> E parse(E[] values, Function<E, String> label, String what, String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (E v : values) {
            if (label.apply(v).equals(n)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown " + what + " '" + name + "'; expected one of "
                + String.join(", ", Arrays.stream(values).map(label).toList()));
    }
}
