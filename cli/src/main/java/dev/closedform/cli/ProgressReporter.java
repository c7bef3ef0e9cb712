package dev.closedform.cli;

import dev.closedform.experiments.operator.GenerationListener;
import dev.closedform.train.EpochMetrics;
import dev.closedform.train.TrainingListener;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar with ETA over the steps of one or many runs, drawn on standard error. */
final class ProgressReporter implements AutoCloseable {

    private final ProgressBar bar;

    ProgressReporter(String task, long totalSteps) {
        bar = newBar(task, totalSteps);
    }

    /**
     * The bar every command draws (training steps, generated samples): ASCII, with ETA, on
     * {@code System.err} as it is now (progressbar's default writes to file descriptor 2 directly,
     * past any redirection of System.err, e.g. the capture of in-process CLI tests).
     */
    static ProgressBar newBar(String task, long max) {
        return new ProgressBarBuilder().setTaskName(task).setInitialMax(max).setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(500).setConsumer(new ConsoleProgressBarConsumer(System.err, 110))
                .continuousUpdate().build();
    }

    /**
     * A bar over the samples of data generation (train/compare on burgers/darcy when the cache misses),
     * the same bar as {@code closedform data} draws; nothing is drawn when the data come from the cache.
     */
    static GenerationListener generation(String task) {
        return new GenerationListener() {
            private ProgressBar bar;

            @Override
            public void onStart(String description, int samples) {
                System.err.println("generating " + samples + " samples: " + description + " (cached for later runs)");
                bar = newBar(task + " data", samples);
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
            @Override
            public void onStart(int firstEpoch, int epochs, int stepsPerEpoch) {
                // a resumed run skips the epochs already done
                bar.stepBy((long) (firstEpoch - 1) * stepsPerEpoch);
            }

            @Override
            public void onStep(int epoch, int stepInEpoch) {
                bar.step();
            }

            @Override
            public void onEpoch(EpochMetrics m) {
                StringBuilder msg = new StringBuilder(String.format(Locale.ROOT, "%s ep %d train %.4g test %.4g",
                        label, m.epoch(), m.trainLoss(), m.testMetric()));
                // e.g. "sq 0.2113" for test_sq_loss: short, the bar has little room
                m.extraTestMetrics().forEach((name, v) -> msg.append(String.format(Locale.ROOT, " %s %.4g", shortName(name), v)));
                bar.setExtraMessage(msg.toString());
            }
        };
    }

    /** {@code test_sq_loss} -> {@code sq}: the name without its {@code test_} prefix and {@code _loss} suffix. */
    static String shortName(String metric) {
        return metric.replaceFirst("^test_", "").replaceFirst("_loss$", "");
    }

    @Override
    public void close() {
        bar.close();
    }
}
