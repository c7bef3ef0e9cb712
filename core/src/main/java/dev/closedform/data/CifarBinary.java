package dev.closedform.data;

import dev.closedform.engine.EngineSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reader of the CIFAR-10 / CIFAR-100 binary batches ({@code data_batch_1.bin} ... / {@code train.bin}).
 * A record is the label byte(s) then 3072 pixel bytes: 1024 red, 1024 green, 1024 blue, each 32 x 32
 * row-major. CIFAR-10 has one label byte (0..9); CIFAR-100 has the coarse (0..19) then the fine
 * (0..99) label, and the fine label is used. Gzip is accepted as for IDX.
 */
public final class CifarBinary {

    static {
        EngineSettings.ensureOffline(); // an entry point of the library: DJL offline before its engine can start
    }

    public static final int SIDE = 32;
    public static final int PIXELS = 3 * SIDE * SIDE;

    private CifarBinary() {}

    /** Reads one batch file; {@code cifar100} selects the two-label-byte layout. */
    public static LabeledImages read(Path file, boolean cifar100) throws IOException {
        int labelBytes = cifar100 ? 2 : 1;
        int record = labelBytes + PIXELS;
        int classes = cifar100 ? 100 : 10;
        byte[] all;
        try (InputStream in = Idx.open(file)) {
            all = in.readAllBytes();
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new DataFormatException(file + ": corrupt or truncated gzip stream (" + e.getMessage() + ")", e);
        }
        if (all.length == 0 || all.length % record != 0) {
            throw new DataFormatException(file + ": " + all.length + " bytes is not a whole number of "
                    + (cifar100 ? "CIFAR-100" : "CIFAR-10") + " records of " + record + " bytes (truncated, or the other CIFAR variant?)");
        }
        int n = all.length / record;
        byte[] pixels = new byte[n * PIXELS];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int at = i * record;
            int coarse = all[at] & 0xFF;
            int label = all[at + labelBytes - 1] & 0xFF;
            if (cifar100 && coarse >= 20) {
                throw new DataFormatException(file + ": record " + i + " has coarse label " + coarse + ", expected 0..19");
            }
            if (label >= classes) {
                throw new DataFormatException(file + ": record " + i + " has label " + label + ", expected 0.." + (classes - 1)
                        + (cifar100 ? "" : " (a CIFAR-100 file?)"));
            }
            labels[i] = label;
            System.arraycopy(all, at + labelBytes, pixels, i * PIXELS, PIXELS);
        }
        return new LabeledImages(n, 3, SIDE, SIDE, pixels, labels, classes);
    }

    /** Reads and concatenates several batch files. */
    public static LabeledImages read(List<Path> files, boolean cifar100) throws IOException {
        List<LabeledImages> parts = new ArrayList<>();
        for (Path f : files) {
            parts.add(read(f, cifar100));
        }
        return LabeledImages.concat(parts);
    }
}
