package dev.closedform.train;

import dev.closedform.head.DenseMatrix;
import dev.closedform.head.GramStatistics;
import dev.closedform.head.ProximalGcv;
import dev.closedform.head.SampledTikhonov;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code slimtik}: slimTrain's sampled Tikhonov update of the head ({@link SampledTikhonov}), its
 * regulariser increment chosen on every batch by sampled GCV. {@code W_0} is the ridge solve of the
 * first batch with the initial running sum as penalty. Records per epoch the running sum at its end
 * ({@code sum_lambda}, the proximal weight of the next update) and the median increment ({@code lambda}).
 */
final class SlimTikRule implements LastLayerRule {

    private final SampledTikhonov tik;
    private final int depth;
    private final List<Double> increments = new ArrayList<>();

    SlimTikRule(int depth) {
        this.tik = new SampledTikhonov(depth);
        this.depth = depth;
    }

    @Override
    public DenseMatrix update(HeadBatch batch, DenseMatrix previous) {
        if (!batch.ridgeOnBias()) {
            throw new IllegalArgumentException("slimtik regularises every weight; it cannot leave the bias unpenalised (ridgeOnBias = false)");
        }
        if (previous == null) {
            return batch.solve(0, SampledTikhonov.INITIAL_SUM, null);
        }
        GramStatistics stats = batch.statistics();
        ProximalGcv gcv = depth > 0 ? null : batch.proximalGcv(previous);
        DenseMatrix w = tik.update(stats, gcv, previous);
        increments.add(tik.lastIncrement());
        return w;
    }

    @Override
    public Map<String, Double> epochDiagnostics() {
        Map<String, Double> out = new LinkedHashMap<>();
        if (!increments.isEmpty()) {
            double[] sorted = increments.stream().mapToDouble(Double::doubleValue).toArray();
            Arrays.sort(sorted);
            out.put("sum_lambda", tik.sum());
            out.put("lambda", sorted[(sorted.length - 1) / 2]);
        }
        increments.clear();
        return out;
    }

    @Override
    public Map<String, double[]> state() {
        return Map.of("slimtik", tik.state());
    }

    @Override
    public void restore(Map<String, double[]> state) {
        if (state.containsKey("slimtik")) {
            tik.restore(state.get("slimtik"));
        }
    }
}
