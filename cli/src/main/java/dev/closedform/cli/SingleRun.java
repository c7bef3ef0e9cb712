package dev.closedform.cli;

import dev.closedform.experiments.run.Provenance;
import dev.closedform.experiments.run.RunDirectory;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.closedform.experiments.task.PreparedData;
import dev.closedform.model.Backbone;
import dev.closedform.model.LastLayerModel;
import dev.closedform.train.NpzCheckpointStore;
import dev.closedform.train.TrainingConfig;
import dev.closedform.train.TrainingListener;
import dev.closedform.train.TrainingLoop;
import dev.closedform.train.TrainingResult;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

/** One method, one seed, one batch size: trains, then fills its run directory. Shared by train and compare. */
final class SingleRun {

    private SingleRun() {}

    /**
     * @param resume continue from the directory's checkpoint when there is one; otherwise any old
     *               checkpoint is discarded so a fresh run never silently continues another
     */
    static TrainingResult execute(RunOptions options, String taskName, PreparedData data, TrainingConfig config,
            RunDirectory dir, boolean saveModel, boolean resume, TrainingListener listener, List<String> commandLine) throws IOException {
        Backbone backbone = options.buildBackbone(data, config.seed());
        // pointwise (operator) models: the head maps each grid point's features to outputDim / points values
        int outputs = data.train().outputDim() / backbone.pointsPerSample();
        try (LastLayerModel model = new LastLayerModel(backbone, outputs, !options.noBias, config.seed())) {
            NpzCheckpointStore store = new NpzCheckpointStore(dir.checkpoint());
            if (!resume) {
                Files.deleteIfExists(store.file());
            }
            ObjectNode run = runJson(options, taskName, data, config, model, commandLine);
            dir.writeRunJson(run);
            TrainingResult result = new TrainingLoop(config).optListener(listener).optCheckpoints(store)
                    .fit(model, data.train(), data.test(), data.metric());
            ObjectNode r = run.putObject("result");
            r.put("metric_name", result.metricName());
            r.put("final_test_metric", result.finalTestMetric());
            result.last().extraTestMetrics().forEach((name, v) -> r.put("final_" + name, v));
            r.put("final_train_loss", result.finalTrainLoss());
            r.put("wall_seconds", result.last().wallSeconds());
            r.put("steps", result.last().steps());
            r.put("epochs", result.epochs().size());
            dir.writeMetrics(result);
            if (saveModel) {
                dir.writeModel(model, data.standardizer());
            }
            dir.writeRunJson(run);
            return result;
        }
    }

    private static ObjectNode runJson(RunOptions options, String taskName, PreparedData data, TrainingConfig config,
            LastLayerModel model, List<String> commandLine) {
        ObjectNode run = RunDirectory.JSON.createObjectNode();
        run.put("tool", "closedform");
        ArrayNode args = run.putArray("command");
        commandLine.forEach(args::add);
        run.put("task", taskName);
        run.put("method", config.method().label());
        run.put("seed", config.seed());
        run.set("config", RunDirectory.JSON.valueToTree(config));
        ObjectNode m = run.putObject("model");
        m.put("backbone", model.backbone().description());
        if (data.model() == null) { // MLP/CNN options; a task-implied model (FNO) is described by "backbone"
            m.put("model", options.model);
            m.put("augment", options.augment);
            if (options.model.equalsIgnoreCase("mlp")) {
                m.put("hidden", options.hidden);
                m.put("activation", options.activation);
            }
        }
        m.put("bias", model.hasBias());
        m.put("head_features", model.headFeatureDim());
        m.put("outputs", model.outputDim());
        m.put("parameters", model.parameterCount());
        ObjectNode d = run.putObject("data");
        d.put("description", data.description());
        d.put("train_rows", data.train().rows());
        d.put("test_rows", data.test().rows());
        d.put("inputs", data.train().inputDim());
        d.put("standardized", data.standardizer() != null);
        if (options.data != null) {
            d.put("file", options.data.toAbsolutePath().toString());
        }
        run.set("provenance", Provenance.toJson());
        return run;
    }
}
