package dev.closedform.experiments.task;

import dev.closedform.data.FieldNormalizer;
import dev.closedform.experiments.operator.GenerationListener;
import dev.closedform.experiments.operator.HeatSemigroup;
import dev.closedform.experiments.operator.OperatorDataSource;
import dev.closedform.experiments.operator.OperatorSources;
import dev.closedform.experiments.pde.PdeData;
import dev.closedform.train.TrainingDefaults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The task registry: every task by name with its own training defaults and sizes. Callers look a
 * task up and hand it {@link TaskOptions}; they never construct task objects themselves, so defaults
 * live in one place and the listing ({@code closedform tasks}) is the truth.
 */
public final class Tasks {

    /** Tabular tasks: 20 epochs, batch 32, SGD 1e-2, Adam 1e-3. */
    static final TrainingDefaults TABULAR = TrainingDefaults.GENERIC;
    /**
     * Operator tasks: batch 20 as the FNO papers; SGD 0.2 on normalised targets (the largest stable
     * rate of a 3-epoch sweep on Burgers, see docs/operators.md), Adam 1e-3 as the original recipe.
     */
    static final TrainingDefaults OPERATOR = new TrainingDefaults(20, 20, 0.2, 1e-3);
    /** Image tasks: 5 epochs at batch 128. */
    static final TrainingDefaults IMAGE = new TrainingDefaults(5, 128, 1e-2, 1e-3);

    private static final Map<String, TaskDefinition> ALL = new LinkedHashMap<>();

    static {
        add(new TaskDefinition("friedman", "synthetic Friedman #1 regression (10 inputs, 5 informative), unit noise",
                TaskKind.TABULAR, TABULAR, FriedmanTask.DEFAULT_TRAIN_ROWS + " train / " + FriedmanTask.DEFAULT_TEST_ROWS
                + " test rows", Tasks::friedman));
        add(new TaskDefinition("csv", "your own table (CSV, TSV, .gz): targets by name or index, seeded split or --test file",
                TaskKind.TABULAR, TABULAR, "test fraction 0.2 without --test", Tasks::csv));
        add(operator("burgers", "Burgers u(.,0) -> u(.,1), FNO-1d (Java spectral generator, cached)", 1, 1024, 1000, 200));
        add(operator("darcy", "Darcy coefficient -> solution, FNO-2d (Java finite-difference generator, cached)", 2, 85, 1000, 100));
        add(operator("heat1d", "heat semigroup on the circle, FNO-1d (exact, fast; for tests and demos)", 1, 256, 200, 50));
        add(operator("heat2d", "heat semigroup on the torus, FNO-2d (exact, fast; for tests and demos)", 2, 32, 100, 20));
        for (String dataset : ImageClassificationTask.DATASETS) {
            add(new TaskDefinition(dataset, "squared-loss image classification on " + dataset
                    + (dataset.equals("fashion-mnist") ? " (default folder " + ImageClassificationTask.DEFAULT_FASHION_MNIST + ")"
                    : " (--data FOLDER)"), TaskKind.IMAGE, IMAGE, "all images of both splits", (o, p) -> image(dataset, o)));
        }
    }

    private Tasks() {}

    private static void add(TaskDefinition d) {
        ALL.put(d.name(), d);
    }

    /** Every task, in listing order. */
    public static List<TaskDefinition> all() {
        return List.copyOf(ALL.values());
    }

    public static List<String> names() {
        return List.copyOf(ALL.keySet());
    }

    /** The task of a name (case and blanks ignored); the error lists every name. */
    public static TaskDefinition get(String name) {
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        if (key.equals("iv") || key.equals("demand")) {
            throw new IllegalArgumentException("--task " + key + ": instrumental-variable runs have their own command: "
                    + "closedform iv " + (key.equals("iv") ? "train" : "compare") + " (see closedform iv --help)");
        }
        TaskDefinition d = ALL.get(key);
        if (d == null) {
            throw new IllegalArgumentException("unknown task '" + name + "'; expected one of " + String.join(", ", names())
                    + " (instrumental variables: closedform iv)");
        }
        return d;
    }

    /**
     * The task a data file implies when none is named: a table for {@code .csv}, {@code .tsv},
     * {@code .txt}, {@code .dat} (also gzipped), {@code .npy}, and an {@code .npz} of table arrays;
     * an {@code .npz} of fields ({@code a}, {@code u}) is refused, since it fits several operator tasks;
     * empty for anything else (e.g. a folder), so that the caller asks for {@code --task}.
     */
    public static Optional<String> inferFromData(Path data) {
        String name = data.getFileName().toString().toLowerCase(Locale.ROOT).replaceFirst("\\.gz$", "");
        if (name.endsWith(".npz") && Files.isRegularFile(data)) {
            java.util.Set<String> arrays;
            try {
                arrays = dev.closedform.data.Npz.read(data).keySet();
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("--data " + data + ": cannot read it as .npz: " + e.getMessage(), e);
            }
            if (arrays.contains("a") && arrays.contains("u")) {
                throw new IllegalArgumentException("--data " + data + " holds fields 'a' and 'u': name the operator task with "
                        + "--task burgers, darcy, heat1d or heat2d");
            }
            return Optional.of("csv");
        }
        for (String ext : List.of(".csv", ".tsv", ".txt", ".dat", ".npy")) {
            if (name.endsWith(ext)) {
                return Optional.of("csv");
            }
        }
        return Optional.empty();
    }

    // ---------------------------------------------------------------- factories

    private static RegressionTask friedman(TaskOptions o, GenerationListener progress) {
        refuse("friedman", o, options("--data", o.data() != null ? "" : null, "--target", o.targets(),
                "--test", o.testFile(), "--test-fraction", o.testFraction()), "(a table of your own: --task csv)");
        refuseOperatorAndImage("friedman", o);
        int train = or(o.trainRows(), FriedmanTask.DEFAULT_TRAIN_ROWS);
        int test = or(o.testRows(), FriedmanTask.DEFAULT_TEST_ROWS);
        if (train < 1 || test < 1) {
            throw new IllegalArgumentException("--train-rows and --test-rows must be >= 1, got " + train + " and " + test);
        }
        return new FriedmanTask(train, test, or(o.noise(), 1.0), or(o.standardize(), false));
    }

    private static RegressionTask csv(TaskOptions o, GenerationListener progress) {
        if (o.data() == null) {
            throw new IllegalArgumentException("--task csv needs --data FILE");
        }
        refuse("csv", o, options("--train-rows", o.trainRows(), "--test-rows", o.testRows(), "--noise", o.noise()), "");
        refuseOperatorAndImage("csv", o);
        return new CsvTask(o.data(), o.targets(), o.testFile(), or(o.testFraction(), 0.2), or(o.standardize(), false));
    }

    private static TaskDefinition operator(String name, String summary, int dims, int resolution, int nTrain, int nTest) {
        String grid = dims == 1 ? resolution + " points" : resolution + " x " + resolution + " points";
        return new TaskDefinition(name, summary, TaskKind.OPERATOR, OPERATOR,
                nTrain + " train / " + nTest + " test samples at " + grid, (o, progress) -> {
                    refuse(name, o, options("--target", o.targets(), "--test", o.testFile(), "--test-fraction", o.testFraction(),
                            "--standardize", Boolean.TRUE.equals(o.standardize()) ? "" : null, "--train-rows", o.trainRows(),
                            "--test-rows", o.testRows(), "--noise", o.noise()), "(operator tasks: --n-train, --n-test, --normalize)");
                    refuseImage(name, o);
                    int res = or(o.resolution(), resolution);
                    OperatorDataSource source = switch (name) {
                        case "burgers" -> OperatorSources.burgers(res, PdeData.defaultCacheDir(), progress);
                        case "darcy" -> OperatorSources.darcy(res, PdeData.defaultCacheDir(), progress);
                        default -> new HeatSemigroup(dims, res, Math.max(1, res / 8), 0.002);
                    };
                    int s = or(o.sub(), 1);
                    OperatorTask task = dims == 1
                            ? OperatorTask.oneD(name, source, o.data(), or(o.nTrain(), nTrain), or(o.nTest(), nTest), s)
                            : OperatorTask.twoD(name, source, o.data(), or(o.nTrain(), nTrain), or(o.nTest(), nTest), s);
                    task = task.withModel(or(o.fnoWidth(), task.width()), or(o.fnoModes(), task.modes()),
                            or(o.fnoLayers(), task.layers()));
                    FieldNormalizer.Mode in = or(o.inputNormalization(), task.inputNormalization());
                    FieldNormalizer.Mode out = or(o.targetNormalization(), task.targetNormalization());
                    return task.withNormalization(in, out);
                });
    }

    private static RegressionTask image(String dataset, TaskOptions o) {
        refuse(dataset, o, options("--target", o.targets(), "--test", o.testFile(), "--test-fraction", o.testFraction(),
                "--standardize", Boolean.TRUE.equals(o.standardize()) ? "" : null, "--noise", o.noise()),
                "(images are standardised per channel always)");
        refuseOperator(dataset, o);
        return new ImageClassificationTask(dataset, o.data(), or(o.trainRows(), 0), or(o.testRows(), 0),
                or(o.targetValue(), 1.0), or(o.classWeight(), 1.0));
    }

    private static void refuseOperatorAndImage(String task, TaskOptions o) {
        refuseOperator(task, o);
        refuseImage(task, o);
    }

    private static void refuseOperator(String task, TaskOptions o) {
        refuse(task, o, operatorOptions(o), "(they apply to burgers, darcy, heat1d, heat2d)");
    }

    private static Map<String, Object> operatorOptions(TaskOptions o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("--n-train", o.nTrain());
        m.put("--n-test", o.nTest());
        m.put("--resolution", o.resolution());
        m.put("--sub", o.sub());
        m.put("--width", o.fnoWidth());
        m.put("--modes", o.fnoModes());
        m.put("--fno-layers", o.fnoLayers());
        m.put("--normalize", o.inputNormalization() != null ? o.inputNormalization() : o.targetNormalization());
        return m;
    }

    private static void refuseImage(String task, TaskOptions o) {
        refuse(task, o, options("--target-value", o.targetValue(), "--class-weight", o.classWeight()),
                "(they apply to the image tasks)");
    }

    /** Fails naming every given option among {@code options} (null values are "not given"). */
    private static void refuse(String task, TaskOptions o, Map<String, ?> options, String hint) {
        List<String> given = new ArrayList<>();
        options.forEach((name, value) -> {
            if (value != null) {
                given.add(name);
            }
        });
        if (!given.isEmpty()) {
            given.sort(null);
            throw new IllegalArgumentException(String.join(", ", given) + (given.size() == 1 ? " does" : " do")
                    + " not apply to --task " + task + (hint.isEmpty() ? "" : " " + hint));
        }
    }

    /** Option name, value, name, value, ...; a null value means the option was not given. */
    private static Map<String, Object> options(Object... nameValue) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            m.put((String) nameValue[i], nameValue[i + 1]);
        }
        return m;
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
