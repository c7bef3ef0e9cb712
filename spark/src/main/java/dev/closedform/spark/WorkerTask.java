package dev.closedform.spark;

import dev.closedform.data.RegressionData;
import dev.closedform.engine.EngineSettings;
import dev.closedform.model.LastLayerModel;
import dev.closedform.train.TestMetric;
import dev.closedform.train.TrainingConfig;
import dev.closedform.train.TrainingListener;
import dev.closedform.train.TrainingLoop;
import dev.closedform.train.TrainingResult;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.SparkEnv;
import org.apache.spark.broadcast.Broadcast;
import scala.collection.Iterator;
import scala.collection.JavaConverters;
import scala.runtime.AbstractFunction1;

/**
 * One long-lived barrier task = one worker: opens its ring socket, learns everyone's address
 * through {@code allGather}, joins the ring and runs the training loop on its replica.
 */
final class WorkerTask extends AbstractFunction1<Iterator<Integer>, Iterator<WorkerReport>> implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Broadcast<Table> train;
    private final Broadcast<Table> test;
    private final BackboneFactory backbone;
    private final TrainingConfig config;
    private final int outputs;
    private final boolean bias;
    private final String driverHost;
    private final int driverPort;
    private final String metricName;
    private final boolean higherIsBetter;
    private final int attempt;
    private final WorkerListener listener;

    WorkerTask(Broadcast<Table> train, Broadcast<Table> test, BackboneFactory backbone, TrainingConfig config, int outputs,
               boolean bias, InetSocketAddress driver, TestMetric metric, int attempt, WorkerListener listener) {
        this.train = train;
        this.test = test;
        this.backbone = backbone;
        this.config = config;
        this.outputs = outputs;
        this.bias = bias;
        this.driverHost = driver.getHostString();
        this.driverPort = driver.getPort();
        this.metricName = metric.name();
        this.higherIsBetter = metric.higherIsBetter();
        this.attempt = attempt;
        this.listener = listener;
    }

    @Override
    public Iterator<WorkerReport> apply(Iterator<Integer> ignored) {
        EngineSettings.ensureOffline();
        BarrierTaskContext context = BarrierTaskContext.get();
        int rank = context.partitionId();
        String host = ringHost(context, rank);
        try (ServerSocket own = new ServerSocket(0, 4, InetAddress.getByName(host))) {
            String[] all = context.allGather(host + ":" + own.getLocalPort());
            List<InetSocketAddress> addresses = new ArrayList<>();
            for (String a : all) {
                int colon = a.lastIndexOf(':');
                addresses.add(new InetSocketAddress(a.substring(0, colon), Integer.parseInt(a.substring(colon + 1))));
            }
            ConcurrentGradients.allow();
            RegressionData trainData = train.value().toData();
            RegressionData testData = test.value().toData();
            try (RingAllReduce ring = RingAllReduce.join(rank, own, addresses);
                 DriverLink.Client driver = new DriverLink.Client(new InetSocketAddress(driverHost, driverPort));
                 LastLayerModel model = Replica.build(backbone, outputs, bias, config.seed())) {
                TrainingLoop loop = new TrainingLoop(config).optCollective(ring)
                        .optCheckpoints(driver.checkpoints(rank == 0))
                        .optListener(listener == null ? TrainingListener.NONE : listener.create(rank, attempt));
                // Only worker 0's history is kept; the others skip the round trip to the driver.
                TestMetric metric = rank == 0 ? driver.metric(metricName, higherIsBetter) : silent(metricName);
                TrainingResult result = loop.fit(model, trainData, testData, metric);
                WorkerReport report = new WorkerReport(rank, ring.bytesSent(), result.last().steps(),
                        result.last().wallSeconds(), SparkEnv.get().executorId(), ProcessHandle.current().pid());
                return JavaConverters.asScalaIterator(List.of(report).iterator());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("worker " + rank + ": " + e.getMessage(), e);
        }
    }

    /**
     * The address this worker listens on: its executor's as the scheduler knows it; in local mode
     * (the tasks run in the driver) the driver's, which local masters bind to loopback.
     */
    private static String ringHost(BarrierTaskContext context, int rank) {
        SparkEnv env = SparkEnv.get();
        if ("driver".equals(env.executorId())) {
            return env.conf().get("spark.driver.host", "127.0.0.1");
        }
        String address = context.getTaskInfos()[rank].address();
        int colon = address.lastIndexOf(':');
        return colon < 0 ? address : address.substring(0, colon);
    }

    private static TestMetric silent(String name) {
        return new TestMetric() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public double compute(float[] predictions, RegressionData test) {
                return Double.NaN;
            }

            @Override
            public Map<String, Double> extras(float[] estimates, RegressionData test) {
                return Map.of();
            }
        };
    }
}
