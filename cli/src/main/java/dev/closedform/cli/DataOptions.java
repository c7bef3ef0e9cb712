package dev.closedform.cli;

import dev.closedform.data.FieldNormalizer;
import dev.closedform.experiments.task.TaskDefinition;
import dev.closedform.experiments.task.TaskOptions;
import dev.closedform.experiments.task.Tasks;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The "Data" options of train and compare: which task, and what to say about its data. */
final class DataOptions {

    @Option(names = "--task", description = "friedman, csv, burgers, darcy, heat1d, heat2d, fashion-mnist, mnist, cifar10, "
            + "cifar100 (closedform tasks lists their defaults). Default: friedman, or csv when --data is a table.")
    String task;

    @Option(names = "--data", paramLabel = "FILE", description = "csv: the table; operator tasks: .npz (arrays a, u) or an FNO .mat file; "
            + "image tasks: the folder of IDX / CIFAR files.")
    Path data;

    @Option(names = "--target", split = ",", paramLabel = "COL", description = "csv: target column(s) by name or 0-based index "
            + "(negative from the end). Default: the last column.")
    List<String> targets;

    @Option(names = "--test", paramLabel = "FILE", description = "csv: a table of test rows. Default: a seeded split of --data.")
    Path testFile;

    @Option(names = "--test-fraction", description = "csv: share of --data held out without --test. Default: 0.2.")
    Double testFraction;

    @Option(names = "--standardize", description = "friedman/csv: standardise inputs and targets (training statistics); "
            + "metrics stay in original units.")
    boolean standardize;

    @Option(names = "--train-rows", paramLabel = "N", description = "friedman: training rows (2048); image tasks: the first N training images (all).")
    Integer trainRows;

    @Option(names = "--test-rows", paramLabel = "N", description = "friedman: test rows (2048); image tasks: the first N test images (all).")
    Integer testRows;

    @Option(names = "--noise", description = "friedman: noise standard deviation. Default: 1.0.")
    Double noise;

    @Option(names = "--n-train", paramLabel = "N", description = "Operator tasks: training samples (burgers/darcy 1000, heat1d 200, heat2d 100).")
    Integer nTrain;

    @Option(names = "--n-test", paramLabel = "N", description = "Operator tasks: test samples, the last ones (burgers 200, darcy 100, heat1d 50, heat2d 20).")
    Integer nTest;

    @Option(names = "--resolution", paramLabel = "S", description = "Operator tasks: grid points per axis generated (burgers 1024, darcy 85, heat1d 256, heat2d 32).")
    Integer resolution;

    @Option(names = "--sub", paramLabel = "K", description = "Operator tasks: keep every K-th grid point per axis. Default: 1.")
    Integer sub;

    @Option(names = "--normalize", paramLabel = "IN[,OUT]", description = "Operator tasks: none, global or pointwise for inputs,targets "
            + "(training statistics). Default: global,global in 1-d, pointwise,pointwise in 2-d.")
    String normalize;

    @Option(names = "--target-value", paramLabel = "M", description = "Image tasks: value of the true class in the one-hot target. Default: 1.")
    Double targetValue;

    @Option(names = "--class-weight", paramLabel = "K", description = "Image tasks: loss weight of the true class; only 1 is supported.")
    Double classWeight;

    /** The task named by --task, or the one --data implies (see {@link #noteInference}), or friedman. */
    TaskDefinition definition() {
        if (task != null) {
            return Tasks.get(task);
        }
        if (data == null) {
            return Tasks.get("friedman");
        }
        Optional<String> inferred = Tasks.inferFromData(data);
        if (inferred.isEmpty()) {
            throw new IllegalArgumentException("--data " + data + ": name the task with --task (csv for a table; burgers, darcy, "
                    + "heat1d or heat2d for fields; an image task for a folder)");
        }
        return Tasks.get(inferred.get());
    }

    /** Says which task --data implied, if it implied one (on standard output, so that an error stays one line on standard error). */
    void noteInference(java.util.function.Consumer<String> notices) {
        if (task == null && data != null) {
            Tasks.inferFromData(data).ifPresent(t -> notices.accept("--task " + t + " (inferred from --data " + data.getFileName() + ")"));
        }
    }

    /** The options as the task registry takes them; {@code model} adds the FNO's sizes. */
    TaskOptions taskOptions(ModelOptions model) {
        FieldNormalizer.Mode in = null;
        FieldNormalizer.Mode out = null;
        if (normalize != null) {
            String[] parts = normalize.split(",");
            if (parts.length > 2) {
                throw new IllegalArgumentException("--normalize: expected MODE or INPUTS,TARGETS, got '" + normalize + "'");
            }
            in = FieldNormalizer.Mode.parse(parts[0]);
            out = FieldNormalizer.Mode.parse(parts[parts.length - 1]);
        }
        return TaskOptions.builder().optData(data).optTargets(targets).optTestFile(testFile).optTestFraction(testFraction)
                .optStandardize(standardize ? Boolean.TRUE : null).optTrainRows(trainRows).optTestRows(testRows).optNoise(noise)
                .optNTrain(nTrain).optNTest(nTest).optResolution(resolution).optSub(sub)
                .optFnoWidth(model.fnoWidth).optFnoModes(model.fnoModes).optFnoLayers(model.fnoLayers)
                .optInputNormalization(in).optTargetNormalization(out).optTargetValue(targetValue).optClassWeight(classWeight)
                .build();
    }
}
