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
 * grid), MATLAB level 5 or v7.3/HDF5 (see {@link MatFile}), subsampled like the FNO scripts
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
            String missing = m.containsKey("a") ? "variable 'u' is missing"
                    : m.containsKey("u") ? "variable 'a' is missing"
                    : m.containsKey("coeff") ? "variable 'sol' is missing"
                    : m.containsKey("sol") ? "variable 'coeff' is missing" : "none of them is there";
            throw new DataFormatException(file + ": expected numeric variables (a, u) (Burgers) or (coeff, sol) (Darcy); "
                    + missing + " (found " + m.keySet() + ")");
        }
        for (MatFile.MatArray v : new MatFile.MatArray[] {a, u}) {
            if (v.shape().length < 2 || v.shape().length > 3) {
                throw new DataFormatException(file + ": variable '" + v.name() + "' has shape " + Arrays.toString(v.shape())
                        + " (rank " + v.shape().length + "), expected samples x grid (rank 2) or samples x s x s (rank 3)");
            }
        }
        if (!Arrays.equals(a.shape(), u.shape())) {
            throw new DataFormatException(file + ": variables '" + a.name() + "' " + Arrays.toString(a.shape()) + " and '"
                    + u.name() + "' " + Arrays.toString(u.shape()) + " differ in shape");
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
