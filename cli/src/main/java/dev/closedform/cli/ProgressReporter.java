package dev.closedform.cli;

import dev.closedform.train.EpochMetrics;
import dev.closedform.train.TrainingListener;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar with ETA over the steps of one or many runs, drawn on standard error. */
final class ProgressReporter implements AutoCloseable {

    private final ProgressBar bar;

    ProgressReporter(String task, long totalSteps) {
        bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(totalSteps).setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(500).setMaxRenderedLength(110).continuousUpdate().build();
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
