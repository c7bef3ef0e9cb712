package dev.closedform.experiments.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.closedform.data.DataFormatException;
import dev.closedform.data.FieldNormalizer;
import dev.closedform.data.Npy;
import dev.closedform.data.NpyArray;
import dev.closedform.experiments.operator.OperatorData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tasks on a user's file: tables by extension, fields checked finite with the file and array named. */
class DataFileTasksTest {

    @TempDir
    Path dir;

    @Test
    void aNpyTableIsReadAsNumbersNotAsText() throws IOException {
        Path p = dir.resolve("table.npy");
        double[] rows = new double[20 * 3];
        for (int i = 0; i < 20; i++) {
            rows[3 * i] = i;
            rows[3 * i + 1] = -i;
            rows[3 * i + 2] = 2 * i;
        }
        Npy.write(p, NpyArray.of(rows, 20, 3));
        PreparedData d = new CsvTask(p, List.of(), null, 0.25, false).prepare(1);
        assertEquals(15, d.train().rows());
        assertEquals(List.of("col0", "col1"), d.train().inputNames());
        for (int i = 0; i < d.train().rows(); i++) {
            assertEquals(2 * d.train().x(i, 0), d.train().y(i, 0));
        }
    }

    @Test
    void nonFiniteFieldsNameTheFileAndTheArray() throws IOException {
        double[] a = new double[3 * 16];
        double[] u = new double[3 * 16];
        Arrays.fill(a, 1);
        Arrays.fill(u, Double.NaN);
        Path file = dir.resolve("nan.npz");
        new OperatorData(a, u, 3, 4, 4).writeNpz(file);
        OperatorTask task = new OperatorTask("darcy", 2, null, file, 2, 1, 1, 4, 2, 1, 2,
                FieldNormalizer.Mode.POINTWISE, FieldNormalizer.Mode.POINTWISE);
        DataFormatException e = assertThrows(DataFormatException.class, () -> task.prepare(1));
        assertEquals(file + ": array 'u' has a non-finite value NaN at sample 0, grid point 0", e.getMessage());
        assertArrayEquals(a, OperatorData.readNpz(file, 2).a(), "the reader itself keeps the values");
    }
}
