package dev.closedform.experiments.operator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generation hook of the operator sources: n updates for n samples on a cache miss, none on a hit. */
class OperatorSourcesTest {

    /** Records every call; synchronized because samples finish on worker threads. */
    static final class Counting implements GenerationListener {
        final List<String> starts = new ArrayList<>();
        final List<Integer> done = new ArrayList<>();
        int ends;

        @Override
        public synchronized void onStart(String description, int samples) {
            starts.add(samples + " " + description);
        }

        @Override
        public synchronized void onSample(int d) {
            done.add(d);
        }

        @Override
        public synchronized void onEnd() {
            ends++;
        }
    }

    @Test
    void burgersReportsEachGeneratedSampleAndNothingFromTheCache(@TempDir Path cache) {
        Counting c = new Counting();
        OperatorDataSource source = OperatorSources.burgers(32, cache, c);
        OperatorData d = source.generate(5, 3);
        assertEquals(5, d.samples());
        assertEquals(1, c.starts.size(), c.starts.toString());
        assertTrue(c.starts.get(0).startsWith("5 Burgers"), c.starts.toString());
        assertEquals(List.of(1, 2, 3, 4, 5), c.done.stream().sorted().toList());
        assertEquals(1, c.ends);
        Counting again = new Counting();
        OperatorData hit = OperatorSources.burgers(32, cache, again).generate(5, 3);
        assertArrayEquals(d.a(), hit.a());
        assertTrue(again.starts.isEmpty() && again.done.isEmpty() && again.ends == 0, "cache hit: no progress");
    }

    @Test
    void darcyReportsEachGeneratedSample(@TempDir Path cache) {
        Counting c = new Counting();
        OperatorSources.darcy(9, cache, c).generate(3, 1);
        assertEquals(1, c.starts.size());
        assertEquals(3, c.done.size());
        assertEquals(1, c.ends);
    }
}
