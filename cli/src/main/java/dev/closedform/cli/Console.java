package dev.closedform.cli;

import dev.closedform.experiments.operator.GenerationListener;
import dev.closedform.train.TrainingListener;

/** What the commands print on standard error besides errors: notes and progress. */
final class Console {

    private Console() {}

    /** A one-line note, e.g. a reused run. */
    static void note(String message) {
        System.err.println("closedform: " + message);
    }

    /** A note that belongs with the results (standard output), e.g. an inferred option. */
    static void info(String message) {
        System.out.println(message);
    }

    /** Progress over a known number of steps; silent when {@code quiet}. */
    interface Progress extends AutoCloseable {
        TrainingListener listener(String label);

        @Override
        void close();
    }

    /** A method's warnings (e.g. a choice at the edge of its range) reach the user even with --quiet. */
    private static final TrainingListener WARNINGS = new TrainingListener() {
        @Override
        public void onWarning(String message) {
            note(message);
        }
    };

    static Progress progress(String task, long steps, boolean quiet) {
        if (quiet) {
            return new Progress() {
                @Override
                public TrainingListener listener(String label) {
                    return WARNINGS;
                }

                @Override
                public void close() {}
            };
        }
        ProgressReporter reporter = new ProgressReporter(task, steps, ProgressReporter.Mode.auto());
        return new Progress() {
            @Override
            public TrainingListener listener(String label) {
                return reporter.listener(label).andThen(WARNINGS);
            }

            @Override
            public void close() {
                reporter.close();
            }
        };
    }

    static GenerationListener generation(String task, boolean quiet) {
        return quiet ? GenerationListener.NONE : ProgressReporter.generation(task, ProgressReporter.Mode.auto());
    }
}
