package dev.closedform.experiments.pde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.closedform.data.Npz;
import dev.closedform.data.NpyArray;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PdeDataTest {

    @Test
    void generationIsDeterministicRegardlessOfThreads() {
        BurgersConfig config = BurgersConfig.of(64, 0.1, 0.5);
        AtomicInteger last = new AtomicInteger();
        PdeDataset one = PdeData.burgers(config, 6, 5, 1, last::set);
        PdeDataset two = PdeData.burgers(config, 6, 5, 2, PdeData.Progress.NONE);
        PdeDataset prefix = PdeData.burgers(config, 3, 5, 2, PdeData.Progress.NONE);
        assertEquals(6, last.get());
        assertArrayEquals(one.a(), two.a());
        assertArrayEquals(one.u(), two.u());
        assertArrayEquals(prefix.u(), java.util.Arrays.copyOf(one.u(), 3 * 64));
        assertNotEquals(one.input(0)[5], one.input(1)[5]);
        PdeDataset other = PdeData.burgers(config, 1, 6, 2, PdeData.Progress.NONE);
        assertNotEquals(one.input(0)[5], other.input(0)[5]);
    }

    @Test
    void cacheWritesNpzAndSecondRunIsAHit(@TempDir Path dir) throws Exception {
        DarcyConfig config = DarcyConfig.of(9, 2);
        PdeData.Cached first = PdeData.darcyCached(dir, config, 3, 1, 2, PdeData.Progress.NONE);
        assertFalse(first.hit());
        assertTrue(Files.isRegularFile(first.file()));
        PdeData.Cached second = PdeData.darcyCached(dir, config, 3, 1, 2, PdeData.Progress.NONE);
        assertTrue(second.hit());
        assertEquals(first.file(), second.file());
        assertArrayEquals(first.data().u(), second.data().u());
        Map<String, NpyArray> raw = Npz.read(first.file());
        assertArrayEquals(new long[] {3, 9, 9}, raw.get("a").shape());
        assertArrayEquals(new long[] {3, 9, 9}, raw.get("u").shape());
        assertEquals(NpyArray.DType.FLOAT64, raw.get("u").dtype());
        assertArrayEquals(new long[] {9}, raw.get("x").shape());
        assertArrayEquals(new long[] {9}, raw.get("y").shape());
        // any parameter or the seed changes the key
        Path other = PdeData.cacheFile(dir, DarcyConfig.of(9, 3).key(), 3, 1);
        assertNotEquals(first.file(), other);
        assertNotEquals(first.file(), PdeData.cacheFile(dir, config.key(), 3, 2));
        assertNotEquals(PdeData.cacheFile(dir, BurgersConfig.of(64, 0.1, 1).key(), 3, 1),
                PdeData.cacheFile(dir, BurgersConfig.of(64, 0.01, 1).key(), 3, 1));
        // subsampled Darcy: boundary zero, interior positive, coefficient two-valued
        PdeDataset d = first.data();
        assertEquals(0, d.output(0)[0]);
        assertTrue(d.output(0)[4 * 9 + 4] > 0);
        assertEquals(1.0, d.x()[8], 1e-15);
    }

    @Test
    void burgersDatasetRoundTrips(@TempDir Path dir) throws Exception {
        PdeDataset d = PdeData.burgers(BurgersConfig.of(32, 0.1, 1.0), 2, 3, 2, PdeData.Progress.NONE);
        Path f = dir.resolve("b.npz");
        d.write(f);
        PdeDataset back = PdeDataset.read(f);
        assertArrayEquals(d.a(), back.a());
        assertArrayEquals(d.u(), back.u());
        assertArrayEquals(d.x(), back.x());
        assertEquals(null, back.y());
        // the output is much smaller than the input (rms about 0.5 -> about 0.01 at nu = 0.1)
        double ra = 0;
        double ru = 0;
        for (int i = 0; i < d.a().length; i++) {
            ra += d.a()[i] * d.a()[i];
            ru += d.u()[i] * d.u()[i];
        }
        assertTrue(ru < 0.01 * ra, "output energy " + ru + " vs input " + ra);
    }
}
