package dev.closedform.experiments.operator;

import dev.closedform.data.DataFormatException;
import dev.closedform.data.Npz;
import dev.closedform.data.NpyArray;
import dev.closedform.data.RegressionData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Pairs of sampled fields for operator learning: inputs {@code a} and outputs {@code u}, each
 * (samples x points) row-major float64, on a grid of {@code gridX} (x {@code gridY}) points; a 2-d
 * field is row-major over (x, y). This is what the Burgers and Darcy generators produce and what
 * {@code .npz} files with arrays {@code a} and {@code u} hold (shape (n, s) or (n, s, s)).
 */
public record OperatorData(double[] a, double[] u, int samples, int gridX, int gridY) {

    public OperatorData {
        if (samples < 1 || gridX < 1 || gridY < 1) {
            throw new IllegalArgumentException("need samples, gridX, gridY >= 1, got " + samples + ", " + gridX + ", " + gridY);
        }
        long n = (long) samples * gridX * gridY;
        if (a.length != n || u.length != n) {
            throw new IllegalArgumentException("a and u must hold samples x points = " + n + " values, got "
                    + a.length + " and " + u.length);
        }
    }

    public int dims() {
        return gridY == 1 ? 1 : 2;
    }

    public int points() {
        return gridX * gridY;
    }

    /**
     * Reads arrays {@code a} and {@code u} from an {@code .npz} file: shape (n, s) for a 1-d task,
     * (n, s, s) (or (n, s*s) with s*s a square) for a 2-d one. Any numeric dtype.
     */
    public static OperatorData readNpz(Path file, int dims) throws IOException {
        Map<String, NpyArray> arrays = Npz.read(file);
        NpyArray a = arrays.get("a");
        NpyArray u = arrays.get("u");
        if (a == null || u == null) {
            throw new DataFormatException(file + ": expected arrays 'a' and 'u', found " + arrays.keySet());
        }
        if (!Arrays.equals(a.shape(), u.shape())) {
            throw new DataFormatException(file + ": 'a' has shape " + Arrays.toString(a.shape()) + " but 'u' "
                    + Arrays.toString(u.shape()));
        }
        long[] s = a.shape();
        int n = (int) s[0];
        int gx;
        int gy;
        if (dims == 1 && s.length == 2) {
            gx = (int) s[1];
            gy = 1;
        } else if (dims == 2 && s.length == 3) {
            gx = (int) s[1];
            gy = (int) s[2];
        } else if (dims == 2 && s.length == 2 && isSquare(s[1])) {
            gx = (int) Math.round(Math.sqrt(s[1]));
            gy = gx;
        } else {
            throw new DataFormatException(file + ": arrays of shape " + Arrays.toString(s) + " do not fit a " + dims
                    + "-d task (expected (n, s)" + (dims == 2 ? " x s, i.e. (n, s, s)" : "") + ")");
        }
        return new OperatorData(a.toDoubleArray(), u.toDoubleArray(), n, gx, gy);
    }

    /**
     * This data, after checking that every value is finite.
     *
     * @param source the file the fields came from, for the message
     * @throws DataFormatException naming the file, the array, the sample and the grid point of the first NaN or infinity
     */
    public OperatorData requireFinite(String source) {
        check(source, "a", a);
        check(source, "u", u);
        return this;
    }

    private void check(String source, String name, double[] v) {
        int p = points();
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new DataFormatException(source + ": array '" + name + "' has a non-finite value " + v[i]
                        + " at sample " + i / p + ", grid point " + i % p);
            }
        }
    }

    private static boolean isSquare(long v) {
        long r = Math.round(Math.sqrt(v));
        return r * r == v;
    }

    /** Writes {@code a} and {@code u} (float64, (n, s) or (n, s, s)) so Python can open them. */
    public void writeNpz(Path file) throws IOException {
        long[] shape = gridY == 1 ? new long[] {samples, gridX} : new long[] {samples, gridX, gridY};
        Npz.write(file, Map.of("a", NpyArray.of(a, shape), "u", NpyArray.of(u, shape)));
    }

    /** Every {@code k}-th point along each axis, starting at the first (the original FNO's {@code [::k]}). */
    public OperatorData subsample(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("sub-sampling step must be >= 1, got " + k);
        }
        if (k == 1) {
            return this;
        }
        int nx = (gridX + k - 1) / k;
        int ny = gridY == 1 ? 1 : (gridY + k - 1) / k;
        int ky = gridY == 1 ? 1 : k;
        double[] sa = new double[samples * nx * ny];
        double[] su = new double[sa.length];
        int o = 0;
        for (int i = 0; i < samples; i++) {
            for (int x = 0; x < nx; x++) {
                for (int y = 0; y < ny; y++) {
                    int src = i * gridX * gridY + (x * k) * gridY + y * ky;
                    sa[o] = a[src];
                    su[o] = u[src];
                    o++;
                }
            }
        }
        return new OperatorData(sa, su, samples, nx, ny);
    }

    /** Samples {@code from} (inclusive) to {@code to} (exclusive) as a regression table: x = a, y = u (float32). */
    public RegressionData rows(int from, int to) {
        if (from < 0 || to > samples || from >= to) {
            throw new IllegalArgumentException("sample range [" + from + ", " + to + ") outside [0, " + samples + ")");
        }
        int p = points();
        float[] x = new float[(to - from) * p];
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) a[from * p + i];
            y[i] = (float) u[from * p + i];
        }
        return new RegressionData(x, y, names("a", p), names("u", p));
    }

    private static List<String> names(String prefix, int n) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(prefix + i);
        }
        return out;
    }
}
