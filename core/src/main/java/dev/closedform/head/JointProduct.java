package dev.closedform.head;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * {@code [Phi, Y]^T [Phi, Y]} of one shard on the engine, as a float64 (d + o, d + o) array: the Gram
 * matrix, the cross term and the targets' squares in one product (see {@link GramPrecision} for the
 * two ways).
 * Temporaries belong to the caller's {@link ai.djl.ndarray.NDScope} or manager.
 */
final class JointProduct {

    private JointProduct() {}

    /** @param joint {@code [Phi, Y]}, (n, d + o) */
    static NDArray of(NDArray joint, GramPrecision precision) {
        long n = joint.getShape().get(0);
        if (precision == GramPrecision.FLOAT64 || joint.getDataType() == DataType.FLOAT64) {
            NDArray wide = joint.getDataType() == DataType.FLOAT64 ? joint : joint.toType(DataType.FLOAT64, false);
            return wide.transpose().matMul(wide);
        }
        if (joint.getDataType() != DataType.FLOAT32) {
            joint = joint.toType(DataType.FLOAT32, false);
        }
        long c = GramPrecision.CHUNK_ROWS;
        if (n <= c) { // one chunk: a plain float32 product
            return joint.transpose().matMul(joint).toType(DataType.FLOAT64, false);
        }
        long m = joint.getShape().get(1);
        long chunks = n / c;
        NDArray whole = chunks * c == n ? joint : joint.get(new NDIndex("0:{}", chunks * c));
        NDArray stacked = whole.reshape(new Shape(chunks, c, m)); // chunk k holds rows k c .. (k + 1) c - 1
        NDArray left = stacked.transpose(0, 2, 1);
        NDArray sum = left.batchMatMul(stacked).toType(DataType.FLOAT64, false).sum(new int[] {0});
        if (chunks * c < n) {
            NDArray rest = joint.get(new NDIndex("{}:", chunks * c));
            sum.addi(rest.transpose().matMul(rest).toType(DataType.FLOAT64, false));
        }
        return sum;
    }
}
