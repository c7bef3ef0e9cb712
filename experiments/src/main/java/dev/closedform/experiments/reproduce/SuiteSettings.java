package dev.closedform.experiments.reproduce;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * What every experiment of one reproduction shares: the scale, the seeds the user asked for (or null for
 * each experiment's own), the output folder, and where one-line notes go.
 *
 * @param scale   smoke or paper
 * @param seeds   seeds 1..K for every experiment, or null for each experiment's default
 * @param out     the reproduction's folder
 * @param notices one-line notes for the user
 */
public record SuiteSettings(Scale scale, Integer seeds, Path out, Consumer<String> notices) {

    public SuiteSettings {
        if (scale == null || out == null) {
            throw new IllegalArgumentException("a reproduction needs a scale and an output folder");
        }
        if (seeds != null && seeds < 1) {
            throw new IllegalArgumentException("--seeds must be >= 1, got " + seeds);
        }
        notices = notices == null ? s -> {} : notices;
    }

    /** The seeds of an experiment whose default is {@code defaultSeeds}. */
    public int seeds(int defaultSeeds) {
        return seeds != null ? seeds : defaultSeeds;
    }

    /**
     * The command recorded in the run records of experiment {@code name}: it reproduces that experiment
     * (its finished runs included) on its own. Options that do not change results (threads, quiet,
     * resume) are left out, so an interrupted and resumed reproduction records the same command.
     */
    public List<String> command(String name, int defaultSeeds) {
        List<String> c = new ArrayList<>(List.of("reproduce", "--scale", scale.label(), "--only", name));
        c.addAll(List.of("--seeds", Integer.toString(seeds(defaultSeeds)), "--out", out.toString()));
        return List.copyOf(c);
    }

    /** The folder of one experiment. */
    public Path dir(String name) {
        return out.resolve(name);
    }
}
