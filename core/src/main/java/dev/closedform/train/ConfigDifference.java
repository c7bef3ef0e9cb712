package dev.closedform.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Names the fields in which two record strings ({@code Name[a=1, b=2]}) differ, with both values. */
final class ConfigDifference {

    private ConfigDifference() {}

    /** E.g. {@code "prox: 1.0 (saved) vs 0.5 (now)"}; the whole strings when they cannot be parsed. */
    static String describe(String saved, String now) {
        Map<String, String> a = fields(saved);
        Map<String, String> b = fields(now);
        if (a == null || b == null) {
            return "saved " + saved + ", now " + now;
        }
        List<String> out = new ArrayList<>();
        for (String key : a.keySet()) {
            if (!a.get(key).equals(b.get(key))) {
                out.add(key + ": " + a.get(key) + " (saved) vs " + b.getOrDefault(key, "absent") + " (now)");
            }
        }
        for (String key : b.keySet()) {
            if (!a.containsKey(key)) {
                out.add(key + ": absent (saved) vs " + b.get(key) + " (now)");
            }
        }
        return String.join("; ", out);
    }

    private static Map<String, String> fields(String record) {
        int open = record.indexOf('[');
        if (open < 0 || !record.endsWith("]")) {
            return null;
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (String part : record.substring(open + 1, record.length() - 1).split(", ")) {
            int eq = part.indexOf('=');
            if (eq < 0) {
                return null;
            }
            m.put(part.substring(0, eq), part.substring(eq + 1));
        }
        return m;
    }
}
