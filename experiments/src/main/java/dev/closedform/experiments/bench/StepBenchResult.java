package dev.closedform.experiments.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.closedform.experiments.run.Provenance;
import dev.closedform.experiments.run.RunDirectory;
import dev.closedform.train.StepPhase;
import java.util.List;
import java.util.Locale;

/**
 * What {@link StepBenchmark} measured: per method the counted rounds, the machine's 1-minute load
 * average before and after the timed rounds, and the memory run when there was one.
 *
 * @param threads the engine's intra-op threads; with one, phases and ratios are read from thread
 *                CPU time (robust to other load), with more from the wall clock
 * @param memory  null without a memory run
 */
public record StepBenchResult(StepBenchConfig config, String description, int threads, double loadBefore,
                              double loadAfter, List<MethodTiming> methods, MemoryRun memory) {

    public StepBenchResult {
        methods = List.copyOf(methods);
    }

    public StepBenchResult withMemory(MemoryRun run) {
        return new StepBenchResult(config, description, threads, loadBefore, loadAfter, methods, run);
    }

    public MethodTiming baseline() {
        return methods.get(0);
    }

    /** Whether phases are measured in thread CPU time (one engine thread) rather than wall clock. */
    public boolean cpuBasis() {
        return threads == 1;
    }

    /** Operators: steps of one epoch of {@code epochSamples} samples. */
    public int stepsPerEpoch() {
        return (config.epochSamples() + config.batchSize() - 1) / config.batchSize();
    }

    public ObjectNode toJson() {
        ObjectNode json = RunDirectory.JSON.createObjectNode();
        json.put("command", "closedform bench");
        json.put("model", description);
        json.set("provenance", Provenance.toJson());
        json.put("batch_size", config.batchSize());
        json.put("threads", threads);
        json.put("rounds_counted", config.rounds() - 1);
        json.put("steps_per_round", config.steps());
        json.put("load_average_1min_before", loadBefore);
        json.put("load_average_1min_after", loadAfter);
        json.put("phases_from", cpuBasis() ? "thread CPU time" : "wall clock");
        json.put("quiet_quantile", RoundTime.QUIET_QUANTILE);
        String base = config.baseline().spec();
        ArrayNode rows = json.putArray("step_time");
        for (MethodTiming m : methods) {
            ObjectNode row = rows.addObject().put("method", m.method().spec())
                    .put("median_ms_per_step", m.medianWallMs())
                    .put("ratio_to_" + base, m.wallRatio(baseline()))
                    .put("median_cpu_ms_per_step", m.medianCpuMs())
                    .put("cpu_ratio_to_" + base, m.cpuRatio(baseline()))
                    .put("quiet_cpu_ms_per_step", m.medianQuietCpuMs())
                    .put("quiet_cpu_ratio_to_" + base, m.quietCpuRatio(baseline()));
            ObjectNode ms = row.putObject("phase_ms_per_step");
            ObjectNode parts = row.putObject("phase_share_of_" + base + "_step");
            ObjectNode quietParts = row.putObject("quiet_phase_share_of_" + base + "_step");
            for (StepPhase p : StepPhase.values()) {
                ms.put(key(p), m.medianPhaseMs(p, cpuBasis()));
                parts.put(key(p), m.part(p, baseline(), cpuBasis()));
                quietParts.put(key(p), m.quietPart(p, baseline()));
            }
            if (config.model().isOperator()) {
                row.put("seconds_per_epoch_" + config.epochSamples() + "_samples", m.medianWallMs() * stepsPerEpoch() / 1000);
            }
        }
        if (memory != null) {
            ObjectNode leak = json.putObject("memory");
            leak.put("steps", memory.steps());
            leak.put("rss_mb_start", memory.residentKbStart() / 1024.0);
            leak.put("rss_mb_end", memory.residentKbEnd() / 1024.0);
            ArrayNode s = leak.putArray("rss_mb_every_1000_steps");
            memory.residentKbByStep().forEach(p -> s.addArray().add(p[0]).add(p[1] / 1024.0));
        }
        return json;
    }

    /** The JSON key of a phase, e.g. {@code second_forward}. */
    public static String key(StepPhase phase) {
        return phase.name().toLowerCase(Locale.ROOT);
    }
}
