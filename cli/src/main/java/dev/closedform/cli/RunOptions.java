package dev.closedform.cli;

import dev.closedform.data.FieldNormalizer;
import dev.closedform.experiments.operator.HeatSemigroup;
import dev.closedform.experiments.operator.OperatorDataSource;
import dev.closedform.experiments.operator.OperatorSources;
import dev.closedform.experiments.pde.PdeData;
import dev.closedform.experiments.task.CsvTask;
import dev.closedform.experiments.task.OperatorTask;
import dev.closedform.experiments.task.PreparedData;
import dev.closedform.experiments.task.FriedmanTask;
import dev.closedform.experiments.task.ImageClassificationTask;
import dev.closedform.experiments.task.PreparedData;
import dev.closedform.experiments.task.RegressionTask;
import dev.closedform.model.Activation;
import dev.closedform.model.Backbone;
import dev.closedform.model.ConvNets;
import dev.closedform.model.Mlp;
import dev.closedform.train.OptimizerKind;
import dev.closedform.train.TrainingConfig;
import dev.closedform.train.UpdateOrder;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options shared by {@code train} and {@code compare}: task, data, model and optimisation. */
final class RunOptions {

    @Option(names = "--task", defaultValue = "friedman", description = "friedman (synthetic Friedman #1), csv (needs --data), "
            + "burgers / darcy (neural operators, FNO-1d / FNO-2d; generated in Java, or --data FILE.npz with arrays a, u), "
            + "heat1d / heat2d (synthetic heat-semigroup operator data, FNO), image classification (fashion-mnist, mnist, "
            + "cifar10, cifar100), iv (train: instrumental variables from --data) or demand (compare: DFIV demand design). "
            + "Default: ${DEFAULT-VALUE}.")
    String task;

    @Option(names = "--data", description = "CSV file for --task csv (implies it when --task is not given); for burgers/darcy an .npz "
            + "with arrays a and u (samples x grid) or an FNO benchmark .mat file (MATLAB level 5 or v7.3: a, u or coeff, sol); for image tasks the folder with the IDX / CIFAR binary files "
            + "(fashion-mnist default: /usr/share/datasets/fashion-mnist).")
    Path data;

    @Option(names = "--target", split = ",", description = "Target column(s) of the CSV by name or 0-based index (negative counts from the end). Default: the last column.")
    List<String> targets;

    @Option(names = "--test", description = "Separate CSV of test rows (same columns). Default: a seeded split of --data.")
    Path testFile;

    @Option(names = "--test-fraction", defaultValue = "0.2", description = "Share of --data held out when there is no --test. Default: ${DEFAULT-VALUE}.")
    double testFraction;

    @Option(names = "--standardize", description = "Standardise inputs and targets with training-split statistics; metrics stay in original units.")
    boolean standardize;

    @Option(names = "--train-rows", description = "friedman: training rows (default " + FriedmanTask.DEFAULT_TRAIN_ROWS
            + "); image tasks: use the first N training images (default: all).")
    Integer trainRows;

    @Option(names = "--test-rows", description = "friedman: test rows (default " + FriedmanTask.DEFAULT_TEST_ROWS
            + "); image tasks: use the first N test images (default: all).")
    Integer testRows;

    @Option(names = "--model", defaultValue = "mlp", description = "Backbone: mlp (see --hidden), cnn (conv32-pool-conv64-pool-fc128) "
            + "or resnet (BatchNorm ResNet, see --resnet-blocks); cnn and resnet need an image task. Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(names = "--resnet-blocks", defaultValue = "3", description = "resnet: residual blocks per stage (3 = ResNet-20). Default: ${DEFAULT-VALUE}.")
    int resnetBlocks;

    @Option(names = "--augment", description = "cnn/resnet: random crop (zero pad 4) and left-right flip of training images (the usual CIFAR augmentation).")
    boolean augment;

    @Option(names = "--target-value", defaultValue = "1", description = "Image tasks: value M of the true class in the one-hot target (Hui-Belkin). Default: ${DEFAULT-VALUE}.")
    double targetValue;

    @Option(names = "--class-weight", defaultValue = "1", description = "Image tasks: Hui-Belkin loss weight k of the true class; only 1 is supported. Default: ${DEFAULT-VALUE}.")
    double classWeight;

    @Option(names = "--noise", defaultValue = "1.0", description = "friedman: noise standard deviation. Default: ${DEFAULT-VALUE}.")
    double noise;

    @Option(names = "--n-train", description = "Operator tasks: training samples. Default: 1000 (burgers, darcy), 200 (heat1d), 100 (heat2d).")
    Integer nTrain;

    @Option(names = "--n-test", description = "Operator tasks: test samples (the last ones of the data). Default: 200 (burgers), 100 (darcy), 50 (heat1d), 20 (heat2d).")
    Integer nTest;

    @Option(names = "--resolution", description = "heat1d/heat2d: grid points per axis generated. Default: 256 (heat1d), 32 (heat2d).")
    Integer resolution;

    @Option(names = "--sub", defaultValue = "1", description = "Operator tasks: keep every K-th grid point per axis (e.g. 8192 -> 1024 with 8). Default: ${DEFAULT-VALUE}.")
    int sub;

    @Option(names = "--width", description = "FNO channels. Default: 64 (1-d), 32 (2-d).")
    Integer fnoWidth;

    @Option(names = "--modes", description = "FNO Fourier modes per axis. Default: 16 (1-d), 12 (2-d).")
    Integer fnoModes;

    @Option(names = "--fno-layers", defaultValue = "4", description = "FNO Fourier layers. Default: ${DEFAULT-VALUE}.")
    int fnoLayers;

    @Option(names = "--normalize", description = "Operator tasks: normalisation of inputs,targets, each none/global/pointwise "
            + "(one value for both). Default: global,global (1-d), pointwise,pointwise (2-d). Training statistics; metrics in original units.")
    String normalize;

    @Option(names = "--hidden", defaultValue = "256,256", description = "Hidden layer widths, or 'none' for a linear model. Default: ${DEFAULT-VALUE}.")
    String hidden;

    @Option(names = "--activation", defaultValue = "relu", description = "relu, tanh, gelu or sigmoid. Default: ${DEFAULT-VALUE}.")
    String activation;

    @Option(names = "--no-bias", description = "Do not append the constant feature (no bias column in W).")
    boolean noBias;

    @Option(names = "--no-bias-penalty", description = "Leave the bias column out of the ridge penalty beta (textbook ridge regression); by default it is penalised like every weight.")
    boolean noBiasPenalty;

    @Option(names = "--epochs", defaultValue = "20", description = "Passes over the training split. Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--lr", description = "Learning rate: one value for all methods, or per method as sgd=0.01,adam=1e-3. Default: 1e-3 with Adam, 1e-2 otherwise.")
    String learningRate;

    @Option(names = "--ridge", defaultValue = "1e-3", description = "beta: ridge penalty on the last layer. Default: ${DEFAULT-VALUE}.")
    double ridge;

    @Option(names = "--prox", defaultValue = "1.0", description = "lambda: proximal coefficient of cf-prox. Default: ${DEFAULT-VALUE}.")
    double prox;

    @Option(names = "--ema-rate", defaultValue = "0.1", description = "ema: weight of each new per-batch solve. Default: ${DEFAULT-VALUE}.")
    double emaRate;

    @Option(names = "--optimizer", description = "Backbone optimiser: sgd, momentum or adam; one for all methods, or per method as cf-prox=adam,cf-ridge=adam. Default: adam for method adam, sgd otherwise.")
    String optimizer;

    @Option(names = "--momentum", defaultValue = "0.9", description = "Momentum of --optimizer momentum. Default: ${DEFAULT-VALUE}.")
    double momentum;

    @Option(names = "--order", description = "backbone-first or last-layer-first. Default: last-layer-first for the cnn and resnet "
            + "backbones (one forward pass per step) and the IV tasks (the original DFIV order), backbone-first (the paper's) otherwise.")
    String order;

    @Option(names = "--reuse-features", description = "Solve the head on the pre-step features (no second forward pass).")
    boolean reuseFeatures;

    @Option(names = "--shard-rows", defaultValue = "0", description = "Split each step in shards of this many rows (sums of gradients and Gram statistics; 0 = off).")
    int shardRows;

    @Option(names = "--threads", defaultValue = "0", description = "PyTorch intra-op threads (0: the launcher's default, all cores).")
    int threads;

    RegressionTask buildTask() {
        String t = data != null && "friedman".equals(task) ? "csv" : task.toLowerCase(Locale.ROOT);
        if (ImageClassificationTask.DATASETS.contains(t)) {
            return new ImageClassificationTask(t, data, trainRows == null ? 0 : trainRows, testRows == null ? 0 : testRows,
                    targetValue, classWeight);
        }
        return switch (t) {
            case "friedman" -> {
                int train = trainRows == null ? FriedmanTask.DEFAULT_TRAIN_ROWS : trainRows;
                int test = testRows == null ? FriedmanTask.DEFAULT_TEST_ROWS : testRows;
                if (train < 1 || test < 1) {
                    throw new IllegalArgumentException("--train-rows and --test-rows must be >= 1, got " + train + " and " + test);
                }
                yield new FriedmanTask(train, test, noise, standardize);
            }
            case "csv" -> {
                if (data == null) {
                    throw new IllegalArgumentException("--task csv needs --data FILE");
                }
                yield new CsvTask(data, targets, testFile, testFraction, standardize);
            }
            case "burgers", "darcy", "heat1d", "heat2d" -> buildOperatorTask(t);
            default -> throw new IllegalArgumentException("unknown task '" + task + "'; expected friedman, csv, burgers, darcy, heat1d, heat2d, "
                    + String.join(", ", ImageClassificationTask.DATASETS));
        };
    }

    /** Operator tasks: the model is an FNO implied by the task (--width, --modes, --fno-layers), not the MLP options. */
    private RegressionTask buildOperatorTask(String t) {
        boolean twoD = t.equals("darcy") || t.equals("heat2d");
        int grid = resolution != null ? resolution : (twoD ? 32 : 256);
        OperatorDataSource source = switch (t) {
            case "burgers" -> OperatorSources.burgers(resolution != null ? resolution : 1024, PdeData.defaultCacheDir(),
                    ProgressReporter.generation(t));
            case "darcy" -> OperatorSources.darcy(resolution != null ? resolution : 85, PdeData.defaultCacheDir(),
                    ProgressReporter.generation(t));
            case "heat1d" -> new HeatSemigroup(1, grid, Math.max(1, grid / 8), 0.002);
            default -> new HeatSemigroup(2, grid, Math.max(1, grid / 8), 0.002);
        };
        if (source == null && data == null) {
            throw new IllegalArgumentException("--task " + t + ": the generator is not available in this build; pass --data FILE.npz "
                    + "(arrays a and u, shape samples x grid" + (twoD ? " x grid" : "") + ")");
        }
        int defaultTrain = switch (t) {
            case "heat1d" -> 200;
            case "heat2d" -> 100;
            default -> 1000;
        };
        int defaultTest = switch (t) {
            case "burgers" -> 200;
            case "darcy" -> 100;
            case "heat1d" -> 50;
            default -> 20;
        };
        int nTr = nTrain != null ? nTrain : defaultTrain;
        int nTe = nTest != null ? nTest : defaultTest;
        OperatorTask op = twoD ? OperatorTask.twoD(t, source, data, nTr, nTe, sub) : OperatorTask.oneD(t, source, data, nTr, nTe, sub);
        op = op.withModel(fnoWidth != null ? fnoWidth : op.width(), fnoModes != null ? fnoModes : op.modes(), fnoLayers);
        if (normalize != null) {
            String[] parts = normalize.split(",");
            if (parts.length > 2) {
                throw new IllegalArgumentException("--normalize: expected MODE or INPUTS,TARGETS, got '" + normalize + "'");
            }
            op = op.withNormalization(FieldNormalizer.Mode.parse(parts[0]), FieldNormalizer.Mode.parse(parts[parts.length - 1]));
        }
        return op;
    }

    /** The backbone for a task's data: --model mlp on any rows, cnn/resnet on image rows. */
    Backbone buildBackbone(PreparedData data) {
        return buildBackbone(data, 1);
    }

    /**
     * The task's own model when it implies one (operator tasks: FNO), else --model; {@code seed} seeds
     * the augmentation draws ({@code --augment}).
     */
    Backbone buildBackbone(PreparedData data, long seed) {
        if (data.model() != null) {
            return data.model().get();
        }
        String m = model.trim().toLowerCase(Locale.ROOT);
        if (m.equals("mlp")) {
            if (augment) {
                throw new IllegalArgumentException("--augment needs --model cnn or resnet (the MLP sees flat rows)");
            }
            return Mlp.build(data.train().inputDim(), Mlp.parseHidden(hidden), Activation.parse(activation));
        }
        if (!m.equals("cnn") && !m.equals("resnet")) {
            throw new IllegalArgumentException("--model: expected mlp, cnn or resnet, got '" + model + "'");
        }
        int[] image = data.imageShape();
        if (image == null) {
            throw new IllegalArgumentException("--model " + m + " needs an image task (" + String.join(", ", ImageClassificationTask.DATASETS)
                    + "); this task has plain rows: use --model mlp");
        }
        Long augmentSeed = augment ? seed : null;
        return m.equals("cnn") ? ConvNets.smallCnn(image[0], image[1], image[2], augmentSeed)
                : ConvNets.resnet(image[0], image[1], image[2], resnetBlocks, augmentSeed);
    }

    /**
     * The configuration of one run. {@code methodSpec} is a method name, optionally with a backbone
     * optimiser after {@code @} ({@code cf-prox@adam}), so one comparison can hold a method with two
     * optimisers; per-method {@code --lr}/{@code --optimizer} entries match the whole spec first, then the method.
     */
    TrainingConfig buildConfig(String methodSpec, int batchSize, long seed) {
        String[] parts = methodSpec.split("@", -1);
        if (parts.length > 2 || parts[0].isBlank() || (parts.length == 2 && parts[1].isBlank())) {
            throw new IllegalArgumentException("--methods: expected METHOD or METHOD@OPTIMIZER, got '" + methodSpec + "'");
        }
        String method = parts[0];
        TrainingConfig.Builder b = TrainingConfig.builder().setMethod(method).optEpochs(epochs).optBatchSize(batchSize)
                .optRidge(ridge).optProx(prox).optEmaRate(emaRate).optMomentum(momentum)
                .optUpdateOrder(order != null ? parseOrder(order) : defaultOrder(model)).optReuseFeatures(reuseFeatures).optShardRows(shardRows).optSeed(seed)
                .optRidgeOnBias(!noBiasPenalty);
        String kind = parts.length == 2 ? parts[1] : perMethod("--optimizer", optimizer, methodSpec, method);
        if (kind != null) {
            b.optOptimizer(OptimizerKind.parse(kind));
        }
        String lr = perMethod("--lr", learningRate, methodSpec, method);
        if (lr != null) {
            b.optLearningRate(parseDouble("--lr " + method, lr));
        }
        return b.build();
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

    private static double parseDouble(String what, String text) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + ": not a number: '" + text + "'");
        }
    }

    /**
     * The update order when {@code --order} is not given. Convolutional backbones solve the head on the
     * gradient pass's features: their forward pass is about 60% of an SGD step on the CPU, so the
     * paper's backbone-first order (a second forward pass after the step) cost 1.6x an SGD step on
     * Fashion-MNIST against 1.12x, with the same accuracy over 3 seeds (README, Classification).
     */
    static UpdateOrder defaultOrder(String model) {
        String m = model == null ? "" : model.trim().toLowerCase(Locale.ROOT);
        return m.equals("cnn") || m.equals("resnet") ? UpdateOrder.LAST_LAYER_FIRST : UpdateOrder.BACKBONE_FIRST;
    }

    static UpdateOrder parseOrder(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "backbone-first" -> UpdateOrder.BACKBONE_FIRST;
            case "last-layer-first" -> UpdateOrder.LAST_LAYER_FIRST;
            default -> throw new IllegalArgumentException("--order: expected backbone-first or last-layer-first, got '" + text + "'");
        };
    }

    void applyThreads() {
        if (threads < 0) {
            throw new IllegalArgumentException("--threads must be >= 0, got " + threads);
        }
        OfflineDjl.threads(threads);
    }
}
