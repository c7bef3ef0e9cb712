package dev.closedform.experiments.task;

import dev.closedform.data.RegressionData;
import dev.closedform.data.TabularFiles;
import dev.closedform.data.TrainTestSplit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The user's own table ({@link TabularFiles}: CSV, or NumPy {@code .npy} / {@code .npz}): target columns by
 * name or 0-based index (negative counts from the end; none given means the last column), a seeded split or
 * a separate test file with the same columns.
 */
public record CsvTask(Path data, List<String> targets, Path testFile, double testFraction, boolean standardize)
        implements RegressionTask {

    public CsvTask {
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("test fraction must be in (0, 1), got " + testFraction);
        }
        requireFile(data, "--data");
        if (testFile != null) {
            requireFile(testFile, "--test");
        }
        targets = targets == null ? List.of() : List.copyOf(targets);
    }

    private static void requireFile(Path p, String option) {
        if (p == null || !Files.isRegularFile(p)) {
            throw new IllegalArgumentException(option + ": no such file " + p);
        }
    }

    @Override
    public String name() {
        return "csv";
    }

    @Override
    public PreparedData prepare(long seed) {
        RegressionData all = read(data);
        RegressionData train;
        RegressionData test;
        String how;
        if (testFile != null) {
            train = all;
            test = read(testFile);
            if (!test.inputNames().equals(train.inputNames()) || !test.targetNames().equals(train.targetNames())) {
                throw new IllegalArgumentException("test file " + testFile + " has columns " + test.inputNames() + " -> "
                        + test.targetNames() + " but " + data + " has " + train.inputNames() + " -> " + train.targetNames());
            }
            how = "test rows from " + testFile.getFileName();
        } else {
            TrainTestSplit split = TrainTestSplit.random(all, testFraction, seed);
            train = split.train();
            test = split.test();
            how = "seeded split, test fraction " + testFraction;
        }
        return Scaling.prepare(train, test, standardize, data.getFileName() + ": " + train.rows() + " train / "
                + test.rows() + " test rows, targets " + train.targetNames() + ", " + how);
    }

    private RegressionData read(Path file) {
        try {
            return TabularFiles.read(file, targets);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
