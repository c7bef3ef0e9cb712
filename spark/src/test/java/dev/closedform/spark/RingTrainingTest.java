package dev.closedform.spark;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.closedform.experiments.task.FriedmanTask;
import dev.closedform.experiments.task.PreparedData;
import dev.closedform.model.Activation;
import dev.closedform.model.LastLayerModel;
import dev.closedform.model.Mlp;
import dev.closedform.train.TrainingConfig;
import dev.closedform.train.TrainingLoop;
import dev.closedform.train.TrainingResult;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The loop's data-parallel hook without Spark: two threads, each a worker with its own replica,
 * joined by the ring over loopback, against one process whose steps are split into the same shards.
 */
class RingTrainingTest {

    private static final PreparedData DATA = new FriedmanTask(100, 40, 1.0, true).prepare(7);

    private static LastLayerModel model() {
        return new LastLayerModel(Mlp.build(10, new int[] {16}, Activation.TANH), 1, true, 5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sgd", "adam", "cf-prox", "cf-full", "refit", "ema"})
    void twoWorkersOverTheRingEqualOneProcessWithTheSameShards(String method) throws Exception {
        TrainingConfig config = TrainingConfig.builder().setMethod(method).optEpochs(3).optBatchSize(20)
                .optLearningRate(method.equals("adam") ? 1e-2 : 0.05).optRidge(1e-3).optProx(0.5)
                .optShardRows(method.equals("cf-full") ? 50 : 10).optSeed(3).build();
        Replicas reference;
        try (LastLayerModel m = model()) {
            TrainingResult r = new TrainingLoop(config).fit(m, DATA.train(), DATA.test(), DATA.metric());
            reference = Replicas.of(m, r);
        }
        List<LastLayerModel> models = List.of(model(), model()); // built one after the other: the engine's seed is global
        List<ServerSocket> servers = new ArrayList<>();
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ServerSocket s = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
            servers.add(s);
            addresses.add(new InetSocketAddress(InetAddress.getLoopbackAddress(), s.getLocalPort()));
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Replicas>> runs = new ArrayList<>();
            for (int rank = 0; rank < 2; rank++) {
                int r = rank;
                runs.add(pool.submit(() -> {
                    ConcurrentGradients.allow(); // on the worker's own thread
                    try (RingAllReduce ring = RingAllReduce.join(r, servers.get(r), addresses)) {
                        TrainingResult result = new TrainingLoop(config).optCollective(ring)
                                .fit(models.get(r), DATA.train(), DATA.test(), DATA.metric());
                        return Replicas.of(models.get(r), result);
                    }
                }));
            }
            for (Future<Replicas> run : runs) {
                Replicas.assertSame(reference, run.get(), 1e-5);
            }
        } finally {
            pool.shutdownNow();
            for (ServerSocket s : servers) {
                closeQuietly(s);
            }
            models.forEach(LastLayerModel::close);
        }
        assertTrue(reference.epochs().get(2).trainLoss() < reference.epochs().get(0).trainLoss() * 1.5);
    }

    private static void closeQuietly(ServerSocket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // test teardown
        }
    }
}
