package dev.closedform.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Three workers over loopback: every worker ends with the same bits, equal to the sum in double precision. */
class RingAllReduceTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 100_003})
    void threeWorkersAgreeOnTheSum(int length) throws Exception {
        int workers = 3;
        Random random = new Random(length);
        float[][] floats = new float[workers][length];
        double[][] doubles = new double[workers][length];
        double[] exact = new double[length];
        for (int w = 0; w < workers; w++) {
            for (int i = 0; i < length; i++) {
                floats[w][i] = (float) random.nextGaussian();
                doubles[w][i] = floats[w][i];
                exact[i] += floats[w][i];
            }
        }
        List<ServerSocket> servers = new ArrayList<>();
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            ServerSocket s = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
            servers.add(s);
            addresses.add(new InetSocketAddress(InetAddress.getLoopbackAddress(), s.getLocalPort()));
        }
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            List<Future<Long>> sent = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                int rank = w;
                sent.add(pool.submit(() -> {
                    try (RingAllReduce ring = RingAllReduce.join(rank, servers.get(rank), addresses)) {
                        ring.sumInPlace(floats[rank]);
                        ring.sumInPlace(doubles[rank]);
                        return ring.bytesSent();
                    }
                }));
            }
            for (Future<Long> f : sent) {
                long bytes = f.get();
                // each worker sends 2 (W - 1) chunks of about n / W values of each array, plus a 4-byte header per message
                long expected = 2L * (workers - 1) * 4 * 2 + 12L * length * 2 * (workers - 1) / workers;
                assertEquals(expected, bytes, 12.0 * 2 * (workers - 1) + 1);
            }
        } finally {
            pool.shutdownNow();
            for (ServerSocket s : servers) {
                s.close();
            }
        }
        for (int w = 1; w < workers; w++) {
            assertArrayEquals(floats[0], floats[w], "worker " + w + " has other float bits");
            assertArrayEquals(doubles[0], doubles[w], "worker " + w + " has other double bits");
        }
        for (int i = 0; i < length; i++) {
            assertEquals(exact[i], floats[0][i], 1e-6 * Math.max(1, Math.abs(exact[i])));
            assertEquals(exact[i], doubles[0][i], 1e-12 * Math.max(1, Math.abs(exact[i])));
        }
    }
}
