package dev.closedform.experiments.pde;

import dev.closedform.data.DataFormatException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The original FNO benchmark files as {@link PdeDataset}s: {@code burgers_data_R10.mat} (variables
 * {@code a}, {@code u}, shape samples x 8192, periodic grid) and
 * {@code piececonst_r421_N1024_smooth1.mat} ({@code coeff}, {@code sol}, samples x 421 x 421, vertex
 * grid), MATLAB level 5 only (see {@link MatFile}), subsampled like the FNO scripts
 * ({@code [:, ::sub]} / {@code [:, ::sub, ::sub]}).
 */
public final class FnoMatData {

    private FnoMatData() {}

    /**
     * @param file       a .mat file holding (a, u) or (coeff, sol)
     * @param sub        grid stride (e.g. 8: 8192 -> 1024; 5: 421 -> 85)
     * @param maxSamples keep the first samples only
     * @throws DataFormatException if neither pair of variables is present or shapes disagree
     */
    public static PdeDataset read(Path file, int sub, int maxSamples) throws IOException {
        LinkedHashMap<String, MatFile.MatArray> m = MatFile.read(file, Set.of("a", "u", "coeff", "sol"), sub, maxSamples);
        MatFile.MatArray a;
        MatFile.MatArray u;
        boolean periodic;
        if (m.containsKey("a") && m.containsKey("u")) {
            a = m.get("a");
            u = m.get("u");
            periodic = true;
        } else if (m.containsKey("coeff") && m.containsKey("sol")) {
            a = m.get("coeff");
            u = m.get("sol");
            periodic = false;
        } else {
            throw new DataFormatException(file + ": expected numeric variables (a, u) (Burgers) or (coeff, sol) (Darcy), found "
                    + m.keySet());
        }
        if (!Arrays.equals(a.shape(), u.shape()) || a.shape().length < 2 || a.shape().length > 3) {
            throw new DataFormatException(file + ": input and output shapes differ or are not samples x grid: "
                    + Arrays.toString(a.shape()) + ", " + Arrays.toString(u.shape()));
        }
        int[] shape = Arrays.copyOfRange(a.shape(), 1, a.shape().length);
        int s = shape[shape.length - 1];
        double[] x = periodic
                ? IntStream.range(0, s).mapToDouble(j -> (double) j / s).toArray()
                : IntStream.range(0, s).mapToDouble(j -> s == 1 ? 0 : (double) j / (s - 1)).toArray();
        double[] y = null;
        if (shape.length == 2) {
            int r = shape[0];
            y = IntStream.range(0, r).mapToDouble(j -> r == 1 ? 0 : (double) j / (r - 1)).toArray();
        }
        return new PdeDataset(a.data(), u.data(), x, y, a.shape()[0], shape);
    }
}
