package dev.closedform.experiments.iv;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.closedform.experiments.run.Provenance;
import dev.closedform.experiments.run.RunDirectory;
import dev.closedform.experiments.run.RunRecord;
import dev.closedform.head.DenseMatrix;
import dev.closedform.iv.DfivConfig;
import dev.closedform.iv.DfivTrainer;
import dev.closedform.train.EpochMetrics;
import java.util.List;

/** The {@code run.json} of a DFIV run: what it is (its identity), its provenance, status and result. */
final class IvRecord {

    private IvRecord() {}

    /** A new record with status running; {@code data} describes the rows (file or generator, columns). */
    static ObjectNode create(String task, DfivConfig c, ObjectNode data, List<String> commandLine) {
        ObjectNode run = RunDirectory.JSON.createObjectNode();
        run.put("tool", "closedform");
        ArrayNode cmd = run.putArray("command");
        commandLine.forEach(cmd::add);
        run.put("task", task);
        run.put("method", c.method().label());
        run.put("seed", c.seed());
        ObjectNode cfg = run.putObject("config");
        cfg.put("features", c.linear() ? "linear" : "mlp");
        cfg.put("model", c.describe());
        cfg.put("split", c.splitHalf() ? "half" : "none");
        cfg.put("ridge1", c.ridge1());
        cfg.put("ridge2", c.ridge2());
        cfg.put("prox", c.prox());
        cfg.put("prox1", c.effectiveStage1Prox());
        cfg.put("prox_metric", c.scaledProx() ? "diagonal" : "identity");
        cfg.put("final_weights", c.pooledFinal() ? "pooled" : "last");
        cfg.put("memory_batches", c.rlsMemory()); // cf-rls and pooled final weights; 0 = one epoch
        cfg.put("epochs", c.epochs());
        cfg.put("batch_size", c.batchSize());
        cfg.put("stage1_iters", c.effectiveStage1Iters());
        cfg.put("covariate_iters", c.effectiveCovariateIters());
        cfg.put("stage2_iters", c.stage2Iters());
        cfg.put("order", c.backboneFirst() ? "backbone-first" : "last-layer-first");
        cfg.put("learning_rate", c.learningRate());
        cfg.put("lr_schedule", c.schedule().label());
        cfg.put("covariate_weight_decay", c.covariateWeightDecay());
        cfg.put("batch_ridge_factor", c.batchRidgeFactor());
        cfg.put("batch_norm", c.instrumentBatchNorm() ? "on" : "off");
        cfg.put("torch_init", c.torchInit());
        run.putObject("model").put("networks", c.describe());
        run.set("data", data);
        run.set("provenance", Provenance.toJson());
        run.put("status", RunRecord.RUNNING);
        return run;
    }

    static void finish(ObjectNode run, DfivTrainer.Result r) {
        run.put("status", RunRecord.FINISHED);
        ObjectNode res = run.putObject("result");
        res.put("metric_name", "test_mse");
        res.put("final_test_metric", r.finalMetric());
        if (!Double.isNaN(r.metricBeforeRefit())) {
            res.put("test_metric_before_refit", r.metricBeforeRefit());
            res.put("wall_seconds_before_refit", r.wallBeforeRefit());
        }
        res.put("wall_seconds", r.wallSeconds());
        EpochMetrics last = r.curve().get(r.curve().size() - 1);
        res.put("final_stage2_train_loss", last.trainLoss());
        res.put("steps", last.steps());
        res.put("epochs", r.curve().size());
    }

    static ArrayNode matrix(DenseMatrix m) {
        ArrayNode a = RunDirectory.JSON.createArrayNode();
        for (int i = 0; i < m.rows(); i++) {
            ArrayNode row = a.addArray();
            for (int j = 0; j < m.cols(); j++) {
                row.add(m.get(i, j));
            }
        }
        return a;
    }

    static ArrayNode strings(List<String> values) {
        ArrayNode a = RunDirectory.JSON.createArrayNode();
        values.forEach(a::add);
        return a;
    }
}
