package dev.closedform.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks our files against the real NumPy when {@code python3} with numpy is installed;
 * skipped (visibly, as an aborted test) otherwise.
 */
class NumpyInteropTest {
    private static boolean numpy;

    @TempDir
    Path dir;

    @BeforeAll
    static void probe() {
        try {
            numpy = run("import numpy").exit == 0;
        } catch (IOException | InterruptedException e) {
            numpy = false;
        }
    }

    private record Result(int exit, String out) {}

    private static Result run(String script, String... args) throws IOException, InterruptedException {
        var cmd = new java.util.ArrayList<>(List.of("python3", "-c", script));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, "timeout");
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim());
    }

    private static Result python(String script, String... args) throws IOException, InterruptedException {
        Result r = run(script, args);
        assertEquals(0, r.exit, "python failed: " + r.out);
        return r;
    }

    @Test
    void numpyReadsOurNpyAndNpz() throws Exception {
        assumeTrue(numpy, "python3 with numpy not available: NumPy interop not checked");
        Path f = dir.resolve("ours.npy");
        Npy.write(f, NpyArray.of(new float[] {1.5f, -2f, 3.25f, 4f, 5f, 6f}, 2, 3));
        Result r = python("import numpy as np,sys; a=np.load(sys.argv[1]); "
                + "print(a.dtype, a.shape, a.flags['C_CONTIGUOUS'], a.ravel().tolist())", f.toString());
        assertEquals("float32 (2, 3) True [1.5, -2.0, 3.25, 4.0, 5.0, 6.0]", r.out);

        Path z = dir.resolve("ours.npz");
        Map<String, NpyArray> m = new LinkedHashMap<>();
        m.put("w", NpyArray.of(new double[] {0.1, 0.2}, 2));
        m.put("step", NpyArray.of(new long[] {7}));
        Npz.writeCompressed(z, m);
        r = python("import numpy as np,sys; d=np.load(sys.argv[1]); "
                + "print(sorted(d.files), d['w'].dtype, d['w'].tolist(), d['step'].shape, int(d['step']))", z.toString());
        assertEquals("['step', 'w'] float64 [0.1, 0.2] () 7", r.out);
    }

    @Test
    void ourBytesEqualNumpySave() throws Exception {
        assumeTrue(numpy, "python3 with numpy not available: NumPy interop not checked");
        Path theirs = dir.resolve("theirs.npy");
        python("import numpy as np,sys; np.save(sys.argv[1], np.arange(12, dtype='<i8').reshape(3, 4))",
                theirs.toString());
        Path ours = dir.resolve("ours.npy");
        long[] v = new long[12];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        Npy.write(ours, NpyArray.of(v, 3, 4));
        assertArrayEquals(Files.readAllBytes(theirs), Files.readAllBytes(ours));
    }

    @Test
    void weReadNumpyFiles() throws Exception {
        assumeTrue(numpy, "python3 with numpy not available: NumPy interop not checked");
        Path f = dir.resolve("be.npy");
        Path z = dir.resolve("c.npz");
        python("import numpy as np,sys; np.save(sys.argv[1], np.array([[1.5, -2.5]], dtype='>f8'));"
                + "np.savez_compressed(sys.argv[2], a=np.float32([1, 2, 3]), b=np.int32([[4], [5]]))",
                f.toString(), z.toString());
        NpyArray be = Npy.read(f);
        assertArrayEquals(new long[] {1, 2}, be.shape());
        assertArrayEquals(new double[] {1.5, -2.5}, (double[]) be.data());
        var m = Npz.read(z);
        assertEquals(List.of("a", "b"), List.copyOf(m.keySet()));
        assertArrayEquals(new float[] {1, 2, 3}, (float[]) m.get("a").data());
        assertArrayEquals(new long[] {2, 1}, m.get("b").shape());
        assertArrayEquals(new int[] {4, 5}, (int[]) m.get("b").data());
    }
}
