package dev.closedform.experiments.reproduce;

import java.util.List;

/**
 * What running an experiment at some settings amounts to, known without training or generating data.
 *
 * @param runs     training runs (or computations) it plans
 * @param seconds  estimated time on this machine (see {@link StepCost})
 * @param lines    one line per part, for the printed plan (e.g. {@code "cnn: 3 methods x 3 seeds, 5 epochs"})
 */
public record Plan(int runs, double seconds, List<String> lines) {

    public Plan {
        lines = List.copyOf(lines);
    }
}
