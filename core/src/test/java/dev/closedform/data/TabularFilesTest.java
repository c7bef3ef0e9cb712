package dev.closedform.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One entry point for tables: CSV, .npy and .npz by extension, with the same target selection. */
class TabularFilesTest {

    @TempDir
    Path dir;

    /** 3 rows: a = (1, 2, 3), b = (10, 20, 30), y = (0.5, 1.5, 2.5). */
    private static final double[] ROWS = {1, 10, 0.5, 2, 20, 1.5, 3, 30, 2.5};

    @Test
    void aNpyTableIsColumnsByIndex() throws IOException {
        Path p = dir.resolve("t.npy");
        Npy.write(p, NpyArray.of(ROWS, 3, 3));
        RegressionData d = TabularFiles.read(p, List.of());
        assertEquals(List.of("col0", "col1"), d.inputNames());
        assertArrayEquals(new float[] {1, 10, 2, 20, 3, 30}, d.x());
        assertArrayEquals(new float[] {0.5f, 1.5f, 2.5f}, d.y());
        RegressionData first = TabularFiles.read(p, List.of("0"));
        assertArrayEquals(new float[] {1, 2, 3}, first.y());
        assertEquals(List.of("col1", "col2"), first.inputNames());
        // the same bytes named .csv would fail: a .npy is never read as text
        Path csv = dir.resolve("t.csv");
        Files.copy(p, csv);
        assertThrows(DataFormatException.class, () -> TabularFiles.read(csv, List.of()));
    }

    @Test
    void aNpzWithXAndY() throws IOException {
        Path p = dir.resolve("xy.npz");
        Npz.write(p, Map.of("x", NpyArray.of(new float[] {1, 10, 2, 20, 3, 30}, 3, 2), "y", NpyArray.of(new double[] {0.5, 1.5, 2.5}, 3)));
        RegressionData d = TabularFiles.read(p, List.of());
        assertEquals(List.of("x0", "x1"), d.inputNames());
        assertEquals(List.of("y"), d.targetNames());
        assertArrayEquals(new float[] {1, 10, 2, 20, 3, 30}, d.x());
        assertArrayEquals(new float[] {0.5f, 1.5f, 2.5f}, d.y());
        DataFormatException e = assertThrows(DataFormatException.class, () -> TabularFiles.read(p, List.of("x0")));
        assertTrue(e.getMessage().contains("no target column can be chosen"), e.getMessage());
    }

    @Test
    void aNpzWithOneArrayPerColumn() throws IOException {
        Path p = dir.resolve("cols.npz");
        Map<String, NpyArray> columns = new LinkedHashMap<>();
        columns.put("a", NpyArray.of(new double[] {1, 2, 3}, 3));
        columns.put("price", NpyArray.of(new int[] {7, 8, 9}, 3));
        columns.put("b", NpyArray.of(new double[] {10, 20, 30}, 3));
        Npz.write(p, columns);
        RegressionData d = TabularFiles.read(p, List.of("price"));
        assertEquals(List.of("a", "b"), d.inputNames());
        assertArrayEquals(new float[] {7, 8, 9}, d.y());
        assertEquals(List.of("b"), TabularFiles.read(p, List.of()).targetNames());
        DataFormatException e = assertThrows(DataFormatException.class, () -> TabularFiles.read(p, List.of("c")));
        assertTrue(e.getMessage().contains("no target column 'c'") && e.getMessage().contains("1: price"), e.getMessage());
    }

    @Test
    void aNonFiniteValueNamesTheFileAndTheArray() throws IOException {
        Path p = dir.resolve("nan.npz");
        Npz.write(p, Map.of("x", NpyArray.of(new double[] {1, 2, Double.NaN, 4}, 2, 2), "y", NpyArray.of(new double[] {1, 2}, 2)));
        DataFormatException e = assertThrows(DataFormatException.class, () -> TabularFiles.read(p, List.of()));
        assertEquals(p + ": array 'x' has a non-finite value NaN at row 1, column 0", e.getMessage());
        Path q = dir.resolve("nan.npy");
        Npy.write(q, NpyArray.of(new double[] {1, Double.POSITIVE_INFINITY}, 1, 2));
        e = assertThrows(DataFormatException.class, () -> TabularFiles.read(q, List.of()));
        assertEquals(q + ": column 'col1' has a non-finite value Infinity at row 0", e.getMessage());
    }

    @Test
    void operatorFieldsAreNotATable() throws IOException {
        Path p = dir.resolve("darcy.npz");
        Npz.write(p, Map.of("a", NpyArray.of(new double[4], 1, 4), "u", NpyArray.of(new double[4], 1, 4)));
        DataFormatException e = assertThrows(DataFormatException.class, () -> TabularFiles.read(p, List.of()));
        assertTrue(e.getMessage().contains("arrays 'a' and 'u'") && e.getMessage().contains("operator"), e.getMessage());
    }

    @Test
    void csvTargetsByNameOrIndex() throws IOException {
        Path p = dir.resolve("t.csv");
        Files.writeString(p, "a,b,y\n1,10,0.5\n2,20,1.5\n");
        assertArrayEquals(new float[] {1, 2}, TabularFiles.read(p, List.of("a")).y());
        assertArrayEquals(new float[] {10, 20}, TabularFiles.read(p, List.of("-2")).y());
        assertThrows(IllegalArgumentException.class, () -> TabularFiles.read(p, List.of("a", "1")));
    }
}
