package dev.closedform.experiments.task;

import dev.closedform.data.CifarBinary;
import dev.closedform.data.DataFormatException;
import dev.closedform.data.Idx;
import dev.closedform.data.LabeledImages;
import dev.closedform.train.TestMetric;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Squared-loss image classification (docs/classification.md): one-hot targets (the true class holds
 * {@code M}, Hui and Belkin's target scale), pixels scaled to [0, 1] and standardised per channel
 * with training statistics, prediction by argmax, metric {@code test_accuracy}. The data do not
 * depend on the seed; they are read once per task object.
 *
 * <p>Datasets: {@code fashion-mnist} and {@code mnist} read IDX files
 * ({@code train-images-idx3-ubyte[.gz]} etc.), {@code cifar10} reads {@code data_batch_1..5.bin} and
 * {@code test_batch.bin}, {@code cifar100} reads {@code train.bin} and {@code test.bin} (also inside
 * the archives' {@code cifar-10-batches-bin} / {@code cifar-100-binary} folders).
 */
public final class ImageClassificationTask implements RegressionTask {

    /** Where Debian's {@code dataset-fashion-mnist} package puts the files. */
    public static final Path DEFAULT_FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");
    public static final List<String> DATASETS = List.of("fashion-mnist", "mnist", "cifar10", "cifar100");

    private final String dataset;
    private final Path dir;
    private final int trainRows;
    private final int testRows;
    private final double targetValue;
    private PreparedData cached;

    /**
     * @param dir         data folder ({@code null}: the Fashion-MNIST default; required otherwise)
     * @param trainRows   use the first this many training images (0: all)
     * @param testRows    use the first this many test images (0: all)
     * @param targetValue {@code M}: value of the true class in the target row (1: plain one-hot)
     * @param classWeight {@code k}: Hui-Belkin weight of the true class in the loss; only 1 is supported
     */
    public ImageClassificationTask(String dataset, Path dir, int trainRows, int testRows, double targetValue, double classWeight) {
        this.dataset = dataset.toLowerCase(Locale.ROOT);
        if (!DATASETS.contains(this.dataset)) {
            throw new IllegalArgumentException("unknown image dataset '" + dataset + "'; expected one of " + DATASETS);
        }
        if (dir == null && !this.dataset.equals("fashion-mnist")) {
            throw new IllegalArgumentException("--task " + this.dataset + " needs --data DIR (the folder with the "
                    + (this.dataset.startsWith("cifar") ? "binary batch files" : "IDX files") + ")");
        }
        this.dir = dir != null ? dir : DEFAULT_FASHION_MNIST;
        if (trainRows < 0 || testRows < 0) {
            throw new IllegalArgumentException("--train-rows/--test-rows must be >= 0 (0 = all), got " + trainRows + " and " + testRows);
        }
        if (!(targetValue > 0) || !Double.isFinite(targetValue)) {
            throw new IllegalArgumentException("--target-value (M) must be a finite number > 0, got " + targetValue);
        }
        if (classWeight != 1) {
            throw new IllegalArgumentException("--class-weight (k) = " + classWeight + " is not supported: weighting the true "
                    + "class in the squared loss gives every class its own Gram matrix in the closed-form head, which is "
                    + "not implemented. Use k = 1; the target scale --target-value (M) is supported.");
        }
        this.trainRows = trainRows;
        this.testRows = testRows;
        this.targetValue = targetValue;
    }

    @Override
    public String name() {
        return dataset;
    }

    public Path dir() {
        return dir;
    }

    @Override
    public synchronized PreparedData prepare(long seed) {
        if (cached == null) {
            try {
                cached = load();
            } catch (java.nio.file.NoSuchFileException e) {
                throw new IllegalArgumentException(dataset + ": missing data file " + e.getMessage() + " (--data " + dir + ")", e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return cached;
    }

    private PreparedData load() throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--data " + dir + " is not a folder"
                    + (dir.equals(DEFAULT_FASHION_MNIST) ? " (install it: apt-get install -y dataset-fashion-mnist)" : ""));
        }
        LabeledImages train;
        LabeledImages test;
        switch (dataset) {
            case "fashion-mnist", "mnist" -> {
                train = Idx.readImages(Idx.find(dir, "train-images-idx3-ubyte"), Idx.find(dir, "train-labels-idx1-ubyte"), 10);
                test = Idx.readImages(Idx.find(dir, "t10k-images-idx3-ubyte"), Idx.find(dir, "t10k-labels-idx1-ubyte"), 10);
            }
            case "cifar10" -> {
                Path d = sub(dir, "cifar-10-batches-bin", "test_batch.bin");
                List<Path> batches = new ArrayList<>();
                for (int i = 1; i <= 5; i++) {
                    batches.add(existing(d.resolve("data_batch_" + i + ".bin")));
                }
                train = CifarBinary.read(batches, false);
                test = CifarBinary.read(existing(d.resolve("test_batch.bin")), false);
            }
            default -> {
                Path d = sub(dir, "cifar-100-binary", "test.bin");
                train = CifarBinary.read(existing(d.resolve("train.bin")), true);
                test = CifarBinary.read(existing(d.resolve("test.bin")), true);
            }
        }
        if (train.height() != test.height() || train.width() != test.width()) {
            throw new DataFormatException(dir + ": training images are " + train.height() + "x" + train.width()
                    + " but test images are " + test.height() + "x" + test.width());
        }
        train = train.head(trainRows);
        test = test.head(testRows);
        double[][] stats = train.channelStatistics();
        String description = String.format(Locale.ROOT, "%s from %s, %d train / %d test images %dx%dx%d, %d classes, "
                + "one-hot targets (M = %s), pixels standardised per channel (train statistics)", dataset, dir,
                train.count(), test.count(), train.channels(), train.height(), train.width(), train.classes(),
                targetValue);
        return new PreparedData(train.toRegressionData(stats[0], stats[1], targetValue),
                test.toRegressionData(stats[0], stats[1], targetValue), TestMetric.accuracy(), null, description, null,
                new int[] {train.channels(), train.height(), train.width()});
    }

    private static Path sub(Path dir, String folder, String probe) {
        return !Files.exists(dir.resolve(probe)) && Files.isDirectory(dir.resolve(folder)) ? dir.resolve(folder) : dir;
    }

    private static Path existing(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new java.nio.file.NoSuchFileException(file.toString());
        }
        return file;
    }
}
