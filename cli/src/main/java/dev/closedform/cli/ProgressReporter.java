package dev.closedform.cli;

import dev.closedform.experiments.operator.GenerationListener;
import dev.closedform.train.EpochMetrics;
import dev.closedform.train.TrainingListener;
import java.io.PrintStream;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress over the steps of one or many runs, on standard error: a redrawn bar with ETA on a
 * terminal, one line per epoch of each run when standard error is a file or a pipe (no carriage
 * returns to fill a log), or nothing at all.
 */
final class ProgressReporter implements AutoCloseable {

    /** How progress is shown. */
    enum Mode {
        /** A bar redrawn in place (carriage returns): for a terminal. */
        BAR,
        /** Plain lines, one per epoch of each run (and every 10% of data generation): for logs and pipes. */
        LINES,
        /** Nothing. */
        QUIET;

        /**
         * The mode for this process: {@code -Dclosedform.progress=bar|lines|quiet} if given; else a bar when
         * standard error is a terminal, as the launcher tells with {@code -Dclosedform.stderr.tty} (Java cannot
         * see it by itself), else lines. Without either property: a bar only with a console attached.
         */
        static Mode auto() {
            String forced = System.getProperty("closedform.progress");
            if (forced != null && !forced.isBlank()) {
                return valueOf(forced.trim().toUpperCase(Locale.ROOT));
            }
            String tty = System.getProperty("closedform.stderr.tty");
            if (tty != null) {
                return Boolean.parseBoolean(tty) ? BAR : LINES;
            }
            return System.console() != null ? BAR : LINES;
        }
    }

    private final Mode mode;
    private final String task;
    private final long totalSteps;
    private final PrintStream err;
    private final ProgressBar bar;
    private final long startNanos = System.nanoTime();
    private long done;

    ProgressReporter(String task, long totalSteps) {
        this(task, totalSteps, Mode.auto());
    }

    ProgressReporter(String task, long totalSteps, Mode mode) {
        this.mode = mode;
        this.task = task;
        this.totalSteps = totalSteps;
        this.err = System.err;
        this.bar = mode == Mode.BAR ? newBar(task, totalSteps, Mode.BAR) : null;
    }

    /** The bar every command draws (training steps, generated samples), in this process's {@link Mode#auto() mode}. */
    static ProgressBar newBar(String task, long max) {
        return newBar(task, max, Mode.auto());
    }

    /**
     * A bar with ETA: ASCII, redrawn on {@code System.err} as it is now (progressbar's default writes to
     * file descriptor 2 directly, past any redirection of System.err, e.g. the capture of in-process CLI
     * tests); in {@link Mode#LINES} a line at every 10%, in {@link Mode#QUIET} nothing.
     */
    static ProgressBar newBar(String task, long max, Mode mode) {
        PrintStream err = System.err;
        ProgressBarConsumer consumer = switch (mode) {
            case BAR -> new ConsoleProgressBarConsumer(err, 110);
            case LINES -> new DelegatingProgressBarConsumer(new EveryTenthPercent(err), 110);
            case QUIET -> new DelegatingProgressBarConsumer(line -> { }, 110);
        };
        return new ProgressBarBuilder().setTaskName(task).setInitialMax(max).setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(500).setConsumer(consumer).continuousUpdate().build();
    }

    /**
     * A bar over the samples of data generation (train/compare on burgers/darcy when the cache misses),
     * the same bar as {@code closedform data} draws; nothing is drawn when the data come from the cache.
     */
    static GenerationListener generation(String task) {
        return generation(task, Mode.auto());
    }

    static GenerationListener generation(String task, Mode mode) {
        return new GenerationListener() {
            private ProgressBar bar;

            @Override
            public void onStart(String description, int samples) {
                if (mode != Mode.QUIET) {
                    System.err.println("generating " + samples + " samples: " + description + " (cached for later runs)");
                }
                bar = newBar(task + " data", samples, mode);
            }

            @Override
            public void onSample(int done) {
                bar.step(); // callbacks may arrive out of order
            }

            @Override
            public void onEnd() {
                bar.close();
                bar = null;
            }
        };
    }

    /** Listener for one run, labelled e.g. {@code cf-prox seed 2}. */
    TrainingListener listener(String label) {
        return new TrainingListener() {
            private int epochs;

            @Override
            public void onStart(int firstEpoch, int epochs, int stepsPerEpoch) {
                this.epochs = epochs;
                // a resumed run skips the epochs already done
                advance((long) (firstEpoch - 1) * stepsPerEpoch);
            }

            @Override
            public void onStep(int epoch, int stepInEpoch) {
                advance(1);
            }

            @Override
            public void onEpoch(EpochMetrics m) {
                StringBuilder metrics = new StringBuilder(String.format(Locale.ROOT, "train %.4g test %.4g", m.trainLoss(), m.testMetric()));
                // e.g. "sq 0.2113" for test_sq_loss: short, the bar has little room
                m.extraTestMetrics().forEach((name, v) -> metrics.append(String.format(Locale.ROOT, " %s %.4g", shortName(name), v)));
                if (mode == Mode.BAR) {
                    bar.setExtraMessage(label + " ep " + m.epoch() + " " + metrics);
                } else if (mode == Mode.LINES) {
                    err.println(label + " epoch " + m.epoch() + "/" + epochs + ": " + metrics + " [" + task + " " + position() + "]");
                }
            }
        };
    }

    private void advance(long steps) {
        done += steps;
        if (bar != null) {
            bar.stepBy(steps);
        }
    }

    /** {@code 120/400 steps, 0:00:12 elapsed, ETA 0:00:28}. */
    private String position() {
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        String eta = done == 0 ? "?" : clock(elapsed * (totalSteps - done) / done);
        return done + "/" + totalSteps + " steps, " + clock(elapsed) + " elapsed, ETA " + eta;
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }

    /** {@code test_sq_loss} -> {@code sq}: the name without its {@code test_} prefix and {@code _loss} suffix. */
    static String shortName(String metric) {
        return metric.replaceFirst("^test_", "").replaceFirst("_loss$", "");
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }

    /** Prints a rendered bar as a plain line when its percentage reaches the next multiple of 10. */
    private static final class EveryTenthPercent implements java.util.function.Consumer<String> {
        private static final Pattern PERCENT = Pattern.compile("(\\d+)%");
        private final PrintStream out;
        private int next = 10;

        EveryTenthPercent(PrintStream out) {
            this.out = out;
        }

        @Override
        public void accept(String rendered) {
            Matcher m = PERCENT.matcher(rendered);
            if (m.find() && Integer.parseInt(m.group(1)) >= next) {
                out.println(rendered.strip());
                next = Integer.parseInt(m.group(1)) / 10 * 10 + 10;
            }
        }
    }
}
