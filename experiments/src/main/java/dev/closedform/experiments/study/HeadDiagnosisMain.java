package dev.closedform.experiments.study;

import dev.closedform.experiments.model.ModelSpec;
import dev.closedform.experiments.task.PreparedData;
import dev.closedform.experiments.task.TaskOptions;
import dev.closedform.experiments.task.Tasks;
import dev.closedform.experiments.run.RunDirectory;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Prints {@link HeadDiagnosis} for every run under a comparison folder that saved its model
 * ({@code compare --save-models}) on an operator task at its default sizes:
 * {@code HeadDiagnosis <task> <compare folder> [ridge]}.
 */
public final class HeadDiagnosisMain {

    private HeadDiagnosisMain() {}

    public static void main(String[] args) throws Exception {
        String task = args[0];
        Path folder = Path.of(args[1]);
        double ridge = args.length > 2 ? Double.parseDouble(args[2]) : 1e-3;
        System.out.println("run,seed,test_metric,head_norm,backbone_grad_rms,train_loss,refit_test_metric,refit_head_norm");
        try (Stream<Path> runs = Files.list(folder.resolve("runs"))) {
            for (Path run : runs.sorted().toList()) {
                Path npz = run.resolve(RunDirectory.MODEL_NPZ);
                if (!Files.exists(npz)) {
                    continue;
                }
                JsonNode record = RunDirectory.readJson(run.resolve(RunDirectory.RUN_JSON));
                long seed = record.get("seed").asLong();
                int batch = record.get("config").get("batchSize").asInt();
                PreparedData data = Tasks.get(task).create(TaskOptions.none()).prepare(seed);
                HeadDiagnosis d = HeadDiagnosis.of(data, ModelSpec.defaults(), npz, null, batch, ridge, seed);
                System.out.printf(Locale.ROOT, "%s,%d,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g%n", run.getFileName(), seed,
                        record.get("result").get("final_test_metric").asDouble(), d.headNorm(), d.gradientNorm(), d.trainLoss(),
                        d.refitTestMetric(), d.refitHeadNorm());
            }
        }
    }
}
