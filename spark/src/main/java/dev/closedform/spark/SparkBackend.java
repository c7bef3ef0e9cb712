package dev.closedform.spark;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.closedform.experiments.model.ModelFactory;
import dev.closedform.experiments.model.ModelSpec;
import dev.closedform.experiments.run.RunBackend;
import dev.closedform.experiments.task.PreparedData;
import dev.closedform.model.Backbone;
import dev.closedform.model.ConvNets;
import dev.closedform.model.LastLayerModel;
import dev.closedform.train.NpzCheckpointStore;
import dev.closedform.train.TrainingConfig;
import dev.closedform.train.TrainingListener;
import dev.closedform.train.TrainingLoop;
import dev.closedform.train.TrainingResult;
import java.io.Serializable;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Trains a {@link dev.closedform.experiments.run.Runner}'s run on Spark ({@code train --spark MASTER}):
 * the run folder, its record and the saved model stay the Runner's; the workers train data-parallel and
 * the driver keeps the checkpoint in the run folder, so an interrupted run resumes like any other.
 */
public final class SparkBackend implements RunBackend {

    private final String master;
    private final int workers;

    /** @param workers barrier tasks (0: every task slot of the master) */
    public SparkBackend(String master, int workers) {
        if (master == null || master.isBlank()) {
            throw new IllegalArgumentException("--spark: a master is required, e.g. local[2] or spark://host:7077");
        }
        if (workers < 0) {
            throw new IllegalArgumentException("--workers must be >= 0 (0: every task slot), got " + workers);
        }
        this.master = master.trim();
        this.workers = workers;
    }

    @Override
    public TrainingResult fit(TrainingConfig config, LastLayerModel model, ModelFactory factory, PreparedData data,
            NpzCheckpointStore checkpoints, TrainingListener listener) {
        int done = checkpoints.load().map(c -> c.epochsDone()).orElse(0);
        listener.onStart(done + 1, config.epochs(), TrainingLoop.stepsPerEpoch(config, data.train().rows()));
        SparkResult r = SparkTrainer.builder().setMaster(master).setData(data).setBackbone(backboneFactory(factory, data))
                .setConfig(config).optBias(model.hasBias()).optWorkers(workers).optCheckpointFile(checkpoints.file())
                .optListener(listener).build().fit();
        for (Map.Entry<String, ai.djl.ndarray.NDArray> p : model.backboneParameters().entrySet()) {
            p.getValue().set(FloatBuffer.wrap(r.backbone().get(p.getKey())));
        }
        model.setHead(r.head());
        return r.result();
    }

    @Override
    public void describe(ObjectNode record) {
        ObjectNode s = record.putObject("spark");
        s.put("master", master);
        s.put("workers", workers == 0 ? "all task slots" : Integer.toString(workers));
    }

    /** The model as a factory Spark can ship to its executors. */
    @SuppressWarnings("unchecked")
    static BackboneFactory backboneFactory(ModelFactory factory, PreparedData data) {
        if (data.model() != null) {
            if (!(data.model() instanceof Serializable)) {
                throw new IllegalArgumentException("this task's model cannot be shipped to Spark workers");
            }
            Supplier<Backbone> model = data.model();
            return model::get;
        }
        if (!(factory instanceof ModelSpec spec)) {
            throw new IllegalArgumentException("--spark trains the command line's models (mlp, cnn); this model factory "
                    + "cannot be shipped to Spark workers");
        }
        if (spec.augment()) {
            throw new IllegalArgumentException("--spark: --augment draws per worker, so a run would not equal one process; "
                    + "train without it");
        }
        return switch (spec.kind()) {
            case MLP -> BackboneFactory.mlp(data.train().inputDim(), spec.hidden(), spec.activation());
            case CNN -> {
                int[] image = data.imageShape();
                yield () -> ConvNets.smallCnn(image[0], image[1], image[2]);
            }
            case RESNET -> throw new IllegalArgumentException("--spark: resnet keeps BatchNorm running statistics, which each "
                    + "worker would update from its own shard; use mlp or cnn");
        };
    }
}
