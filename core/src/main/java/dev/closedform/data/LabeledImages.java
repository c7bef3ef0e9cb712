package dev.closedform.data;

import dev.closedform.engine.EngineSettings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Images with integer class labels, as read from IDX (MNIST family) or CIFAR binary batches.
 * Pixels are unsigned bytes, image after image, each stored channel-major ({@code C x H x W}).
 */
public record LabeledImages(int count, int channels, int height, int width, byte[] pixels, int[] labels, int classes) {

    static {
        EngineSettings.ensureOffline(); // an entry point of the library: DJL offline before its engine can start
    }

    public LabeledImages {
        if (count < 0 || channels < 1 || height < 1 || width < 1 || classes < 1) {
            throw new IllegalArgumentException("bad image set shape: count " + count + ", " + channels + "x" + height
                    + "x" + width + ", " + classes + " classes");
        }
        if ((long) count * channels * height * width != pixels.length) {
            throw new IllegalArgumentException("pixels hold " + pixels.length + " bytes, expected " + count + " x "
                    + channels + " x " + height + " x " + width);
        }
        if (labels.length != count) {
            throw new IllegalArgumentException(labels.length + " labels for " + count + " images");
        }
        for (int i = 0; i < count; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("label " + labels[i] + " of image " + i + " is outside 0.." + (classes - 1));
            }
        }
    }

    public int pixelsPerImage() {
        return channels * height * width;
    }

    /** The first {@code n} images (all when {@code n <= 0} or {@code n >= count}). */
    public LabeledImages head(int n) {
        if (n <= 0 || n >= count) {
            return this;
        }
        return new LabeledImages(n, channels, height, width, Arrays.copyOf(pixels, n * pixelsPerImage()),
                Arrays.copyOf(labels, n), classes);
    }

    /** Concatenates image sets of the same shape (e.g. the five CIFAR-10 training batches). */
    public static LabeledImages concat(List<LabeledImages> parts) {
        LabeledImages first = parts.get(0);
        int n = 0;
        for (LabeledImages p : parts) {
            if (p.channels != first.channels || p.height != first.height || p.width != first.width || p.classes != first.classes) {
                throw new IllegalArgumentException("cannot concatenate image sets of different shapes");
            }
            n += p.count;
        }
        byte[] pixels = new byte[n * first.pixelsPerImage()];
        int[] labels = new int[n];
        int at = 0;
        for (LabeledImages p : parts) {
            System.arraycopy(p.pixels, 0, pixels, at * first.pixelsPerImage(), p.pixels.length);
            System.arraycopy(p.labels, 0, labels, at, p.count);
            at += p.count;
        }
        return new LabeledImages(n, first.channels, first.height, first.width, pixels, labels, first.classes);
    }

    /**
     * Regression rows for squared-loss classification: inputs are the pixels scaled to [0, 1],
     * then standardised per channel with {@code mean}/{@code std} (one value per channel); targets
     * are one-hot rows whose true class holds {@code targetValue} (Hui and Belkin's {@code M}; 1 is
     * plain one-hot) and every other class 0.
     */
    public RegressionData toRegressionData(double[] mean, double[] std, double targetValue) {
        if (mean.length != channels || std.length != channels) {
            throw new IllegalArgumentException("need one mean and std per channel (" + channels + ")");
        }
        if (!(targetValue > 0) || !Double.isFinite(targetValue)) {
            throw new IllegalArgumentException("target value M must be a finite number > 0, got " + targetValue);
        }
        int per = pixelsPerImage();
        int plane = height * width;
        float[] x = new float[count * per];
        for (int i = 0; i < count; i++) {
            for (int c = 0; c < channels; c++) {
                float m = (float) mean[c];
                float s = (float) (1 / std[c]);
                int base = i * per + c * plane;
                for (int p = 0; p < plane; p++) {
                    x[base + p] = ((pixels[base + p] & 0xFF) / 255f - m) * s;
                }
            }
        }
        float[] y = new float[count * classes];
        for (int i = 0; i < count; i++) {
            y[i * classes + labels[i]] = (float) targetValue;
        }
        List<String> inputs = new ArrayList<>(per);
        for (int j = 0; j < per; j++) {
            inputs.add("px" + j);
        }
        List<String> targets = new ArrayList<>(classes);
        for (int k = 0; k < classes; k++) {
            targets.add("class" + k);
        }
        return RegressionData.wrap(x, y, inputs, targets);
    }

    /** Per-channel mean and standard deviation of the pixels scaled to [0, 1]: {@code {mean[], std[]}}. */
    public double[][] channelStatistics() {
        double[] mean = new double[channels];
        double[] std = new double[channels];
        int plane = height * width;
        for (int c = 0; c < channels; c++) {
            double sum = 0;
            double sq = 0;
            for (int i = 0; i < count; i++) {
                int base = i * pixelsPerImage() + c * plane;
                for (int p = 0; p < plane; p++) {
                    double v = (pixels[base + p] & 0xFF) / 255.0;
                    sum += v;
                    sq += v * v;
                }
            }
            long n = (long) count * plane;
            mean[c] = sum / n;
            std[c] = Math.sqrt(Math.max(sq / n - mean[c] * mean[c], 1e-12));
        }
        return new double[][] {mean, std};
    }
}
