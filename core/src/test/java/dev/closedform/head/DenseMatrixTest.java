package dev.closedform.head;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DenseMatrixTest {
    @Test
    void arithmeticOnSmallMatrices() {
        DenseMatrix a = DenseMatrix.of(2, 3, 1, 2, 3, 4, 5, 6);
        DenseMatrix b = DenseMatrix.of(3, 2, 7, 8, 9, 10, 11, 12);
        assertArrayEquals(new double[] {58, 64, 139, 154}, a.times(b).data());
        assertArrayEquals(new double[] {1, 4, 2, 5, 3, 6}, a.transpose().data());
        assertArrayEquals(new double[] {2, 4, 6, 8, 10, 12}, a.plus(a).data());
        assertArrayEquals(new double[] {-1, -2, -3, -4, -5, -6}, a.scale(-1).data());
        assertArrayEquals(new double[] {1, 0, 0, 1}, DenseMatrix.identity(2).data());
        assertEquals(Math.sqrt(91), a.frobeniusNorm(), 1e-14);
        assertEquals(3.0, a.maxAbsDiff(DenseMatrix.of(2, 3, 1, 2, 3, 4, 5, 9)));
        DenseMatrix c = DenseMatrix.zeros(2, 2);
        c.set(1, 0, 7);
        assertEquals(7, c.get(1, 0));
        assertEquals(0, c.get(0, 1));
    }

    @Test
    void shapeErrorsNameTheShapes() {
        DenseMatrix a = DenseMatrix.zeros(2, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.times(a));
        assertEquals("times: 2x3 * 2x3 do not conform", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> a.plus(DenseMatrix.zeros(3, 2)));
        assertThrows(IllegalArgumentException.class, () -> DenseMatrix.of(2, 2, 1, 2, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> a.get(2, 0));
    }

    @Test
    void ndArrayRoundTripConvertsFloatTypesToDouble() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray f32 = m.create(new float[] {0.1f, 2f, -3f, 4.5f, 5f, 6f}, new Shape(3, 2));
            DenseMatrix x = DenseMatrix.fromNDArray(f32);
            assertEquals(3, x.rows());
            assertEquals(2, x.cols());
            assertEquals((double) 0.1f, x.get(0, 0)); // exact float value widened, not re-rounded
            assertEquals(DataType.FLOAT32, f32.getDataType()); // input untouched
            NDArray back = x.toNDArray(m, DataType.FLOAT64);
            assertEquals(new Shape(3, 2), back.getShape());
            assertArrayEquals(x.data(), back.toDoubleArray());
            NDArray back32 = x.toNDArray(m, DataType.FLOAT32);
            assertEquals(DataType.FLOAT32, back32.getDataType());
            assertArrayEquals(f32.toFloatArray(), back32.toFloatArray());
            assertThrows(IllegalArgumentException.class, () -> DenseMatrix.fromNDArray(m.ones(new Shape(3))));
        }
    }
}
