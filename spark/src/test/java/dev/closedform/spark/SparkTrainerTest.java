package dev.closedform.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.closedform.experiments.task.FriedmanTask;
import dev.closedform.experiments.task.PreparedData;
import dev.closedform.model.Activation;
import dev.closedform.model.LastLayerModel;
import dev.closedform.train.TrainingConfig;
import dev.closedform.train.TrainingLoop;
import dev.closedform.train.TrainingResult;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code local[2]}: two barrier tasks against one process with the same global batch and shards of B/2 rows. */
class SparkTrainerTest {

    static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkSessions.create("local[2]", "closedform-test");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** The single-process run every Spark run must equal. */
    static Replicas reference(PreparedData data, BackboneFactory backbone, TrainingConfig config, int outputs) {
        try (LastLayerModel m = new LastLayerModel(backbone.create(), outputs, true, config.seed())) {
            TrainingResult r = new TrainingLoop(config).fit(m, data.train(), data.test(), data.metric());
            return Replicas.of(m, r);
        }
    }

    static Replicas onSpark(PreparedData data, BackboneFactory backbone, TrainingConfig config) {
        SparkResult r = SparkTrainer.builder().setSession(spark).optWorkers(2).setData(data).setBackbone(backbone)
                .setConfig(config).build().fit();
        assertEquals(config, r.config(), "the trainer keeps the configured shards");
        assertEquals(2, r.workers().size());
        assertTrue(r.bytesPerStep() > 0, "the workers exchanged gradients");
        return new Replicas(r.head(), r.backbone(), r.result().epochs());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sgd", "cf-prox", "cf-full", "refit"})
    void friedmanOnTwoWorkersEqualsOneProcess(String method) {
        PreparedData data = new FriedmanTask(96, 40, 1.0, true).prepare(4);
        BackboneFactory mlp = BackboneFactory.mlp(10, new int[] {16}, Activation.TANH);
        TrainingConfig config = TrainingConfig.builder().setMethod(method).optEpochs(3).optBatchSize(20)
                .optLearningRate(0.05).optRidge(1e-3).optProx(0.5)
                .optShardRows(method.equals("cf-full") ? 48 : 10).optSeed(2).build();
        Replicas.assertSame(reference(data, mlp, config, 1), onSpark(data, mlp, config), 1e-5);
    }
}
