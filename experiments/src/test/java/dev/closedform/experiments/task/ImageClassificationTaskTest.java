package dev.closedform.experiments.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.closedform.data.DataFormatException;
import dev.closedform.data.Idx;
import dev.closedform.model.LastLayerModel;
import dev.closedform.model.Activation;
import dev.closedform.model.Mlp;
import dev.closedform.train.OptimizerKind;
import dev.closedform.train.TrainingConfig;
import dev.closedform.train.TrainingLoop;
import dev.closedform.train.TrainingResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageClassificationTaskTest {
    @TempDir
    Path dir;

    void writeMnist(int train, int test) throws IOException {
        for (String split : new String[] {"train", "t10k"}) {
            int n = split.equals("train") ? train : test;
            byte[] px = new byte[n * 28 * 28];
            byte[] labels = new byte[n];
            for (int i = 0; i < n; i++) {
                labels[i] = (byte) (i % 10);
                px[i * 784 + i % 784] = (byte) 200;
            }
            Files.write(dir.resolve(split + "-images-idx3-ubyte"), Idx.encode(new int[] {n, 28, 28}, px));
            Files.write(dir.resolve(split + "-labels-idx1-ubyte"), Idx.encode(new int[] {n}, labels));
        }
    }

    @Test
    void mnistLayoutGivesOneHotRowsImageShapeAndAccuracyMetric() throws IOException {
        writeMnist(30, 12);
        PreparedData d = new ImageClassificationTask("mnist", dir, 20, 0, 2.0, 1).prepare(1);
        assertEquals(20, d.train().rows(), "--train-rows takes the first rows");
        assertEquals(12, d.test().rows());
        assertEquals(784, d.train().inputDim());
        assertEquals(10, d.train().outputDim());
        assertArrayEquals(new int[] {1, 28, 28}, d.imageShape());
        assertEquals("test_accuracy", d.metric().name());
        assertTrue(d.metric().higherIsBetter());
        float[] y = d.train().y();
        assertEquals(2f, y[3 * 10 + 3], "row 3 has label 3 with target value M = 2");
        assertEquals(2f * 20, sum(y), 1e-6);
        // standardised with training statistics: the training inputs have mean 0
        assertEquals(0, sum(d.train().x()) / d.train().x().length, 1e-4);
    }

    private static double sum(float[] a) {
        double s = 0;
        for (float v : a) {
            s += v;
        }
        return s;
    }

    @Test
    void refusesClassWeightMissingFoldersAndMismatchedFiles() throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ImageClassificationTask("fashion-mnist", dir, 0, 0, 1, 2.0));
        assertTrue(e.getMessage().contains("--class-weight") && e.getMessage().contains("Gram"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ImageClassificationTask("mnist", null, 0, 0, 1, 1));
        assertTrue(e.getMessage().contains("--data"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ImageClassificationTask("mnist", dir, 0, 0, 1, 1).prepare(1));
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte"), e.getMessage());
        writeMnist(10, 5);
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), Idx.encode(new int[] {4}, new byte[4]));
        DataFormatException f = assertThrows(DataFormatException.class, () -> new ImageClassificationTask("mnist", dir, 0, 0, 1, 1).prepare(1));
        assertTrue(f.getMessage().contains("5 images") && f.getMessage().contains("4 labels"), f.getMessage());
    }

    @Test
    void cifar10FolderLayout() throws IOException {
        Path sub = Files.createDirectories(dir.resolve("cifar-10-batches-bin"));
        for (String name : new String[] {"data_batch_1", "data_batch_2", "data_batch_3", "data_batch_4", "data_batch_5", "test_batch"}) {
            byte[] rec = new byte[2 * 3073];
            rec[0] = 1;
            rec[3073] = 8;
            rec[3073 + 5] = (byte) 255;
            Files.write(sub.resolve(name + ".bin"), rec);
        }
        PreparedData d = new ImageClassificationTask("cifar10", dir, 0, 0, 1, 1).prepare(1);
        assertEquals(10, d.train().rows());
        assertEquals(2, d.test().rows());
        assertEquals(3072, d.train().inputDim());
        assertArrayEquals(new int[] {3, 32, 32}, d.imageShape());
        assertEquals(1f, d.test().y()[10 + 8]);
    }

    /**
     * Real data (installed by .ci/run): a short training on 5000 Fashion-MNIST images must classify
     * at least 78% of 2000 test images (chance is 10%).
     */
    @Test
    void fashionMnistShortTrainingReachesStatedAccuracy() {
        Path real = ImageClassificationTask.DEFAULT_FASHION_MNIST;
        Assumptions.assumeTrue(Files.isRegularFile(real.resolve("train-images-idx3-ubyte.gz")),
                "Fashion-MNIST is not installed at " + real + " (apt-get install -y dataset-fashion-mnist); skipping the real-data test");
        PreparedData d = new ImageClassificationTask("fashion-mnist", null, 5000, 2000, 1, 1).prepare(1);
        assertEquals(784, d.train().inputDim());
        TrainingConfig config = TrainingConfig.builder().setMethod("cf-prox").optEpochs(3).optBatchSize(128)
                .optProx(10).optOptimizer(OptimizerKind.MOMENTUM).optLearningRate(0.01).optSeed(1).build();
        try (LastLayerModel m = new LastLayerModel(Mlp.build(784, new int[] {256}, Activation.RELU), 10, true, 1)) {
            TrainingResult r = new TrainingLoop(config).fit(m, d.train(), d.test(), d.metric());
            assertTrue(r.finalTestMetric() >= 0.78, "Fashion-MNIST test accuracy " + r.finalTestMetric());
        }
    }
}
