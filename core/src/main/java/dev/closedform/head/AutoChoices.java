package dev.closedform.head;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The pairs {@link AutoProximal} chose during one epoch, reported the way every cf-auto reports them:
 * the medians of {@code lambda} and {@code beta} (columns of {@code metrics.csv}), and a warning when
 * more than half of the choices of the total penalty sat at an end of its candidate range.
 */
public final class AutoChoices {

    private final List<AutoProximal.Choice> choices = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    public void add(AutoProximal.Choice c) {
        choices.add(c);
    }

    /**
     * Ends the epoch: {@code lambda} and {@code beta}, the medians of its choices (empty when none was
     * made), and the edge warning queued for {@link #takeWarnings()}.
     */
    public Map<String, Double> endEpoch() {
        Map<String, Double> out = new LinkedHashMap<>();
        if (!choices.isEmpty()) {
            out.put("lambda", median(choices.stream().mapToDouble(AutoProximal.Choice::lambda).toArray()));
            out.put("beta", median(choices.stream().mapToDouble(AutoProximal.Choice::beta).toArray()));
        }
        long atEdge = choices.stream().filter(AutoProximal.Choice::atEdge).count();
        if (2 * atEdge > choices.size()) {
            warnings.add(String.format(Locale.ROOT, "cf-auto: %d of %d choices of the total penalty lambda + beta sat at an end"
                    + " of its candidate range [%.0e, %.0e]; the best value may lie beyond it", atEdge, choices.size(),
                    AutoProximal.PENALTIES[0], AutoProximal.PENALTIES[AutoProximal.PENALTIES.length - 1]));
        }
        choices.clear();
        return out;
    }

    /** The warnings of the epochs ended since the last call. */
    public List<String> takeWarnings() {
        List<String> out = List.copyOf(warnings);
        warnings.clear();
        return out;
    }

    private static double median(double[] values) {
        Arrays.sort(values);
        return values[(values.length - 1) / 2];
    }
}
