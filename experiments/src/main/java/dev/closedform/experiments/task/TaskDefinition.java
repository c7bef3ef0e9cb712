package dev.closedform.experiments.task;

import dev.closedform.experiments.operator.GenerationListener;
import dev.closedform.train.TrainingDefaults;

/**
 * One entry of the task registry ({@link Tasks}): a named experiment with its own training defaults
 * and a factory that turns the user's {@link TaskOptions} into a {@link RegressionTask}.
 *
 * @param name        the name used on the command line, e.g. {@code burgers}
 * @param summary     one line for listings
 * @param kind        which backbones fit its rows
 * @param training    epochs, batch size and learning rates used when the user gives none
 * @param sizes       its default data sizes in words, e.g. {@code "1000 train / 200 test samples at 1024 points"}
 * @param factory     builds the task, refusing options that do not apply
 */
public record TaskDefinition(String name, String summary, TaskKind kind, TrainingDefaults training, String sizes,
                             Factory factory) {

    /** Builds a task from options; {@code progress} hears of data generation on a cache miss. */
    @FunctionalInterface
    public interface Factory {
        RegressionTask create(TaskOptions options, GenerationListener progress);
    }

    public RegressionTask create(TaskOptions options) {
        return factory.create(options, GenerationListener.NONE);
    }

    public RegressionTask create(TaskOptions options, GenerationListener progress) {
        return factory.create(options == null ? TaskOptions.none() : options, progress);
    }
}
