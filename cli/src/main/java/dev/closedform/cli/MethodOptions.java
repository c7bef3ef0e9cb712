package dev.closedform.cli;

import dev.closedform.train.InitialHead;
import dev.closedform.train.UpdateOrder;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/** The "Method" options: how the last layer is kept. In compare a list of values is a sweep axis. */
final class MethodOptions {

    @Option(names = "--ridge", split = ",", paramLabel = "BETA", description = "beta: ridge penalty on the last layer "
            + "(compare: a list sweeps it). Default: 1e-3.")
    List<Double> ridge;

    @Option(names = "--prox", split = ",", paramLabel = "LAMBDA", description = "lambda: proximal weight of cf-prox "
            + "(compare: a list sweeps it). Default: 1.")
    List<Double> prox;

    @Option(names = "--ema-rate", description = "ema: weight of each new per-batch solve. Default: 0.1.")
    Double emaRate;

    @Option(names = "--no-bias-penalty", description = "Leave the bias column out of beta (textbook ridge regression).")
    boolean noBiasPenalty;

    @Option(names = "--order", split = ",", paramLabel = "ORDER", description = "backbone-first (the paper's) or "
            + "last-layer-first (compare: a list sweeps it). Default: last-layer-first for cnn/resnet, else backbone-first.")
    List<String> order;

    @Option(names = "--rls-memory", paramLabel = "K", description = "cf-rls: memory in batches (forgetting factor 1 - 1/K). "
            + "Default: 64.")
    Double rlsMemory;

    @Option(names = "--slimtik-memory", paramLabel = "R", description = "slimtik: earlier batches kept in the update (depth r). "
            + "Default: 0.")
    Integer slimtikMemory;

    @Option(names = "--initial-head", split = ",", paramLabel = "HOW", description = "cf-prox's first last layer, on the "
            + "first batch: ridge (the ridge solve with beta) or proximal (its step from W = 0: the ridge solve with lambda + "
            + "beta) (compare: a list sweeps it). Default: ridge.")
    List<String> initialHead;

    @Option(names = "--reuse-features", description = "Solve the head on the pre-step features (no second forward pass).")
    boolean reuseFeatures;

    List<InitialHead> initialHeads() {
        return initialHead == null ? null : initialHead.stream().map(MethodOptions::parseInitialHead).toList();
    }

    private static InitialHead parseInitialHead(String text) {
        try {
            return InitialHead.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--initial-head: " + e.getMessage());
        }
    }

    List<UpdateOrder> orders() {
        return order == null ? null : order.stream().map(MethodOptions::parseOrder).toList();
    }

    static UpdateOrder parseOrder(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "backbone-first" -> UpdateOrder.BACKBONE_FIRST;
            case "last-layer-first" -> UpdateOrder.LAST_LAYER_FIRST;
            default -> throw new IllegalArgumentException("--order: expected backbone-first or last-layer-first, got '" + text + "'");
        };
    }
}
