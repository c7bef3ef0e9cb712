package dev.closedform.experiments.run;

import dev.closedform.train.InitialHead;
import dev.closedform.train.Method;
import dev.closedform.train.TrainingConfig;
import dev.closedform.train.UpdateOrder;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * One swept configuration field: its values and how each is applied to a configuration. A sweep
 * runs the product of its axes; axes with a single value only set it and do not appear in labels. A
 * method that does not read the field (sgd's lambda) is not swept over it: it runs once, with the
 * shared settings' value, and neither its label nor its group names the axis.
 *
 * @param name     as reports show it, e.g. {@code batch} ("batch=20")
 * @param prefix   in folder names, e.g. {@code b} ("cf-prox-b20-seed1")
 * @param values   the values, in order
 * @param apply    sets one value on a configuration builder
 * @param readBy   whether a method's runs depend on the field
 */
public record SweepAxis<T>(String name, String prefix, List<T> values, BiConsumer<TrainingConfig.Builder, T> apply,
                           Predicate<Method> readBy) {

    public SweepAxis {
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException("sweep axis " + name + " needs at least one value");
        }
        values = List.copyOf(values);
    }

    public static SweepAxis<Integer> batchSize(List<Integer> values) {
        return new SweepAxis<>("batch", "b", values, TrainingConfig.Builder::optBatchSize, m -> true);
    }

    public static SweepAxis<Double> prox(List<Double> values) {
        return new SweepAxis<>("lambda", "prox", values, TrainingConfig.Builder::optProx, Method::readsProx);
    }

    public static SweepAxis<Double> ridge(List<Double> values) {
        return new SweepAxis<>("beta", "ridge", values, TrainingConfig.Builder::optRidge, Method::readsRidge);
    }

    public static SweepAxis<UpdateOrder> order(List<UpdateOrder> values) {
        return new SweepAxis<>("order", "", values, TrainingConfig.Builder::optUpdateOrder, Method::readsUpdateOrder);
    }

    /** cf-prox's first last layer; labels say e.g. {@code cf-prox-w0-proximal-seed1}. */
    public static SweepAxis<InitialHead> initialHead(List<InitialHead> values) {
        return new SweepAxis<>("initial-head", "w0-", values, TrainingConfig.Builder::optInitialHead, Method::readsInitialHead);
    }

    /** Whether {@code method}'s runs go over this axis: it has several values and the method reads the field. */
    boolean sweeps(Method method) {
        return values.size() > 1 && readBy.test(method);
    }

    /** The value as labels show it: numbers in their shortest form, orders by name. */
    public String format(Object value) {
        if (value instanceof UpdateOrder o) {
            return o.name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
        if (value instanceof Double d) {
            return d == Math.rint(d) && Math.abs(d) < 1e6 ? Long.toString(d.longValue()) : Double.toString(d);
        }
        return String.valueOf(value);
    }

    @SuppressWarnings("unchecked")
    void applyValue(TrainingConfig.Builder b, Object value) {
        apply.accept(b, (T) value);
    }
}
