package dev.closedform.experiments.pde;

import dev.closedform.data.DataFormatException;
import dev.closedform.data.Npz;
import dev.closedform.data.NpyArray;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Input/output pairs of a PDE data set, row-major float64: {@code a} and {@code u} hold
 * {@code samples x grid} values ({@code grid = S} in 1-d, {@code S x S} (row = y) in 2-d), with the
 * coordinates {@code x} (and {@code y} in 2-d). Stored as {@code .npz} with arrays {@code a},
 * {@code u} (shape {@code [samples, S]} or {@code [samples, S, S]}), {@code x} and {@code y}.
 *
 * @param a       inputs (initial condition / coefficient)
 * @param u       outputs (solution at T / pressure)
 * @param x       x coordinates (S)
 * @param y       y coordinates (S) in 2-d, else null
 * @param samples number of samples
 * @param shape   grid shape per sample ({S} or {S, S})
 */
public record PdeDataset(double[] a, double[] u, double[] x, double[] y, int samples, int[] shape) {

    /** Validates sizes. */
    public PdeDataset {
        int per = pointsOf(shape);
        if (a.length != (long) samples * per || u.length != (long) samples * per) {
            throw new IllegalArgumentException("PDE data: a and u must hold " + samples + " x " + per + " values");
        }
        if (x.length != shape[shape.length - 1] || (shape.length == 2) != (y != null)
                || (y != null && y.length != shape[0])) {
            throw new IllegalArgumentException("PDE data: coordinates do not match the grid " + Arrays.toString(shape));
        }
    }

    private static int pointsOf(int[] shape) {
        int p = 1;
        for (int s : shape) {
            p *= s;
        }
        return p;
    }

    /** @return grid points per sample */
    public int points() {
        return pointsOf(shape);
    }

    /** @return the input of sample i (a copy) */
    public double[] input(int i) {
        return Arrays.copyOfRange(a, i * points(), (i + 1) * points());
    }

    /** @return the output of sample i (a copy) */
    public double[] output(int i) {
        return Arrays.copyOfRange(u, i * points(), (i + 1) * points());
    }

    private long[] arrayShape() {
        long[] s = new long[shape.length + 1];
        s[0] = samples;
        for (int i = 0; i < shape.length; i++) {
            s[i + 1] = shape[i];
        }
        return s;
    }

    /** Writes the .npz atomically (uncompressed, like numpy.savez). */
    public void write(Path file) throws IOException {
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        arrays.put("a", NpyArray.of(a, arrayShape()));
        arrays.put("u", NpyArray.of(u, arrayShape()));
        arrays.put("x", NpyArray.of(x, x.length));
        if (y != null) {
            arrays.put("y", NpyArray.of(y, y.length));
        }
        Npz.write(file, arrays);
    }

    /**
     * Reads a file written by {@link #write} (or by NumPy with the same layout; any float type).
     *
     * @throws DataFormatException if arrays are missing or shapes disagree
     */
    public static PdeDataset read(Path file) throws IOException {
        LinkedHashMap<String, NpyArray> m = Npz.read(file);
        for (String k : new String[] {"a", "u", "x"}) {
            if (!m.containsKey(k)) {
                throw new DataFormatException(file + ": missing array '" + k + "'");
            }
        }
        long[] s = m.get("a").shape();
        if (s.length < 2 || s.length > 3 || !Arrays.equals(s, m.get("u").shape())) {
            throw new DataFormatException(file + ": a and u must have the same shape [samples, S] or [samples, S, S], got "
                    + Arrays.toString(s) + " and " + Arrays.toString(m.get("u").shape()));
        }
        int[] shape = new int[s.length - 1];
        for (int i = 1; i < s.length; i++) {
            shape[i - 1] = Math.toIntExact(s[i]);
        }
        try {
            return new PdeDataset(m.get("a").toDoubleArray(), m.get("u").toDoubleArray(), m.get("x").toDoubleArray(),
                    m.containsKey("y") && shape.length == 2 ? m.get("y").toDoubleArray() : null, Math.toIntExact(s[0]), shape);
        } catch (IllegalArgumentException e) {
            throw new DataFormatException(file + ": " + e.getMessage(), e);
        }
    }
}
