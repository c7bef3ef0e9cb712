package dev.closedform.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The library validates configuration fields by their Java names ({@code batchSize must be >= 1});
 * the command line says them as options ({@code --batch-size must be >= 1}).
 */
final class OptionNames {

    private static final Map<String, String> FIELDS = new LinkedHashMap<>();

    static {
        FIELDS.put("batchSize", "--batch-size");
        FIELDS.put("epochs", "--epochs");
        FIELDS.put("learningRate", "--lr");
        FIELDS.put("emaRate", "--ema-rate");
        FIELDS.put("momentum", "--momentum");
        FIELDS.put("shardRows", "--shard-rows");
        FIELDS.put("rlsMemory", "--rls-memory");
        FIELDS.put("slimtikMemory", "--slimtik-memory");
        FIELDS.put("ridge1", "--ridge1");
        FIELDS.put("ridge2", "--ridge2");
        FIELDS.put("batchRidgeFactor", "--batch-ridge-factor");
        FIELDS.put("covariateWeightDecay", "--covariate-decay");
    }

    private OptionNames() {}

    /** The message with a leading configuration field replaced by its option. */
    static String translate(String message) {
        if (message == null) {
            return "";
        }
        for (Map.Entry<String, String> e : FIELDS.entrySet()) {
            if (message.startsWith(e.getKey() + " ")) {
                return e.getValue() + message.substring(e.getKey().length());
            }
        }
        return message;
    }
}
