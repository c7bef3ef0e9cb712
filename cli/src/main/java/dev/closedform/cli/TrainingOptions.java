package dev.closedform.cli;

import dev.closedform.experiments.run.MethodSpec;
import dev.closedform.train.LearningRateSchedule;
import dev.closedform.train.OptimizerKind;
import dev.closedform.train.TrainingConfig;
import dev.closedform.train.TrainingDefaults;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/** The "Training" options: epochs, batch size and the backbone optimiser. Unset values are the task's defaults. */
final class TrainingOptions {

    @Option(names = "--epochs", description = "Passes over the training split. Default: the task's (friedman, csv, "
            + "operator tasks 20; image tasks 5).")
    Integer epochs;

    @Option(names = "--batch-size", split = ",", paramLabel = "N", description = "Rows per step (compare: a list sweeps it). "
            + "Default: the task's (friedman, csv 32; operator tasks 20; image tasks 128).")
    List<Integer> batchSizes;

    @Option(names = "--lr", paramLabel = "LR|M=LR,...", description = "Learning rate, one value or per method "
            + "(sgd=0.2,cf-prox@adam=1e-3). Default: the task's (Adam 1e-3; SGD 1e-2, operator tasks 0.2).")
    String learningRate;

    @Option(names = "--optimizer", paramLabel = "OPT|M=OPT,...", description = "Backbone optimiser sgd, momentum or adam, "
            + "one or per method. Default: adam for method adam, else sgd.")
    String optimizer;

    @Option(names = "--momentum", description = "Momentum of --optimizer momentum. Default: 0.9.")
    Double momentum;

    @Option(names = "--lr-schedule", paramLabel = "SCHEDULE|M=SCHEDULE,...", description = "constant, cosine (to 0 over "
            + "the run) or step:EVERY:FACTOR (times FACTOR every EVERY epochs, e.g. step:100:0.5), one or per method "
            + "(adam=cosine). Default: constant.")
    String schedule;

    @Option(names = "--shard-rows", defaultValue = "0", paramLabel = "N", description = "Split each step in shards of N rows "
            + "(gradients and statistics are summed; results equal up to rounding; 0 = off). Default: ${DEFAULT-VALUE}.")
    int shardRows;

    /**
     * The settings every run shares, starting from the task's defaults: the method, seed, batch size
     * and the swept method options are set per run by the caller.
     */
    TrainingConfig.Builder template(TrainingDefaults defaults, MethodOptions method) {
        TrainingConfig.Builder b = TrainingConfig.builder(defaults);
        if (epochs != null) {
            b.optEpochs(epochs);
        }
        if (batchSizes != null && batchSizes.size() == 1) {
            b.optBatchSize(batchSizes.get(0));
        }
        if (momentum != null) {
            b.optMomentum(momentum);
        }
        if (method.ridge != null && method.ridge.size() == 1) {
            b.optRidge(method.ridge.get(0));
        }
        if (method.prox != null && method.prox.size() == 1) {
            b.optProx(method.prox.get(0));
        }
        if (method.emaRate != null) {
            b.optEmaRate(method.emaRate);
        }
        if (method.rlsMemory != null) {
            b.optRlsMemory(method.rlsMemory);
        }
        if (method.slimtikMemory != null) {
            b.optSlimtikMemory(method.slimtikMemory);
        }
        if (method.initialHead != null && method.initialHead.size() == 1) {
            b.optInitialHead(method.initialHeads().get(0));
        }
        b.optRidgeOnBias(!method.noBiasPenalty).optReuseFeatures(method.reuseFeatures).optShardRows(shardRows);
        return b;
    }

    /** The methods as written ({@code cf-prox@adam}) with their own optimiser, learning rate and schedule where given. */
    List<MethodSpec> methods(List<String> names) {
        return names.stream().map(n -> {
            MethodSpec m = MethodSpec.parse(n);
            String method = m.method().label();
            String kind = m.optimizer() != null ? null : perMethod("--optimizer", optimizer, m.label(), method);
            if (kind != null) {
                m = m.withOptimizer(OptimizerKind.parse(kind));
            }
            String lr = perMethod("--lr", learningRate, m.label(), method);
            if (lr != null) {
                m = m.withLearningRate(parseDouble("--lr " + m.label(), lr));
            }
            String s = perMethod("--lr-schedule", schedule, m.label(), method);
            return s == null ? m : m.withSchedule(parseSchedule(s));
        }).toList();
    }

    /**
     * The value of an option that is either one value for every method or a list
     * {@code method=value,...}; {@code null} when unset or when the list names neither the spec nor the method.
     */
    static String perMethod(String option, String text, String methodSpec, String method) {
        if (text == null) {
            return null;
        }
        if (!text.contains("=")) {
            return text.trim();
        }
        Map<String, String> values = new HashMap<>();
        for (String part : text.split(",")) {
            String[] kv = part.split("=", 2);
            if (kv.length != 2 || kv[0].isBlank() || kv[1].isBlank()) {
                throw new IllegalArgumentException(option + ": expected method=value, got '" + part + "'");
            }
            values.put(kv[0].trim().toLowerCase(Locale.ROOT), kv[1].trim());
        }
        return values.getOrDefault(methodSpec, values.get(method));
    }

    /** A schedule by name; the error names {@code --lr-schedule}. */
    static LearningRateSchedule parseSchedule(String text) {
        try {
            return LearningRateSchedule.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--lr-schedule: " + e.getMessage(), e);
        }
    }

    private static double parseDouble(String what, String text) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + ": not a number: '" + text + "'");
        }
    }
}
