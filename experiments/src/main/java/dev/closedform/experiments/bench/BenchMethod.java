package dev.closedform.experiments.bench;

import dev.closedform.train.Method;
import dev.closedform.train.OptimizerKind;
import dev.closedform.train.UpdateOrder;
import java.util.Locale;

/**
 * One timed variant: a method, optionally with its backbone optimiser after {@code @} and its update
 * order after {@code :}, e.g. {@code cf-prox}, {@code cf-prox@adam}, {@code cf-prox:last-layer-first}.
 *
 * @param optimizer null: the method's default
 * @param order     null: the benchmark's order
 */
public record BenchMethod(String spec, Method method, OptimizerKind optimizer, UpdateOrder order) {

    public static BenchMethod parse(String spec) {
        String s = spec == null ? "" : spec.trim().toLowerCase(Locale.ROOT);
        String[] byOrder = s.split(":", -1);
        String[] byOptimizer = byOrder[0].split("@", -1);
        if (byOrder.length > 2 || byOptimizer.length > 2 || byOptimizer[0].isBlank()
                || (byOptimizer.length == 2 && byOptimizer[1].isBlank()) || (byOrder.length == 2 && byOrder[1].isBlank())) {
            throw new IllegalArgumentException("methods: expected METHOD[@OPTIMIZER][:ORDER] (e.g. cf-prox@adam:last-layer-first), got '"
                    + spec + "'");
        }
        try {
            Method method = Method.parse(byOptimizer[0]);
            OptimizerKind optimizer = byOptimizer.length == 2 ? OptimizerKind.parse(byOptimizer[1]) : null;
            UpdateOrder order = byOrder.length == 2 ? UpdateOrder.parse(byOrder[1]) : null;
            return new BenchMethod(s, method, optimizer, order);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("methods: '" + spec + "': " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return spec;
    }
}
