package dev.closedform.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class RegressionDataTest {
    @Test
    void dimensionsAndAccessors() {
        RegressionData d = new RegressionData(new float[] {1, 2, 3, 4, 5, 6}, new float[] {7, 8, 9},
                List.of("a", "b"), List.of("y"));
        assertEquals(3, d.rows());
        assertEquals(2, d.inputDim());
        assertEquals(1, d.outputDim());
        assertEquals(6f, d.x(2, 1));
        assertEquals(8f, d.y(1, 0));
        assertEquals(6, d.xBuffer().remaining());
    }

    @Test
    void validatesLengthsAndNames() {
        assertThrows(IllegalArgumentException.class, () -> new RegressionData(new float[5], new float[3],
                List.of("a", "b"), List.of("y")));
        assertThrows(IllegalArgumentException.class, () -> new RegressionData(new float[4], new float[3],
                List.of("a", "b"), List.of("y", "z")));
        assertThrows(IllegalArgumentException.class, () -> new RegressionData(new float[2], new float[2],
                List.of("a"), List.of("a")));
        assertThrows(IllegalArgumentException.class, () -> new RegressionData(new float[0], new float[0],
                List.of(), List.of()));
    }

    @Test
    void isImmutableAndSubsetSelectsRows() {
        float[] x = {1, 2, 3, 4, 5, 6};
        RegressionData d = new RegressionData(x, new float[] {7, 8, 9}, List.of("a", "b"), List.of("y"));
        x[0] = 100;
        d.x()[1] = 100;
        assertEquals(1f, d.x(0, 0));
        assertEquals(2f, d.x(0, 1));
        RegressionData s = d.subset(new int[] {2, 0, 2});
        assertArrayEquals(new float[] {5, 6, 1, 2, 5, 6}, s.x());
        assertArrayEquals(new float[] {9, 7, 9}, s.y());
        assertThrows(IndexOutOfBoundsException.class, () -> d.subset(new int[] {3}));
    }
}
