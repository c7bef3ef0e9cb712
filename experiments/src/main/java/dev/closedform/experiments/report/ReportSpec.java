package dev.closedform.experiments.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a comparison report says around its numbers.
 *
 * @param title           report title
 * @param task            task name, e.g. {@code "burgers"}
 * @param commandLine     the command line or configuration that produced the runs, shown verbatim
 * @param notes           free-text paragraphs (e.g. an honest negative result), shown as written
 * @param higherIsBetter  false for losses/errors (the default), true for e.g. accuracy
 * @param configuration   the settings of the sweep (epochs, learning rates, sizes, ...), recorded in {@code summary.json}
 */
public record ReportSpec(String title, String task, String commandLine, List<String> notes, boolean higherIsBetter,
                         Map<String, Object> configuration) {

    public ReportSpec {
        if (title == null || title.isBlank()) {
            throw new IllegalArgumentException("title must be non-blank, got " + (title == null ? "null" : "'" + title + "'"));
        }
        if (task == null || task.isBlank()) {
            throw new IllegalArgumentException("task must be non-blank, got " + (task == null ? "null" : "'" + task + "'"));
        }
        commandLine = commandLine == null ? "" : commandLine;
        notes = notes == null ? List.of() : List.copyOf(notes);
        configuration = configuration == null ? Map.of() : new LinkedHashMap<>(configuration);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code setX} is required, {@code optX} optional. */
    public static final class Builder {
        private String title;
        private String task;
        private String commandLine = "";
        private List<String> notes = List.of();
        private boolean higherIsBetter;
        private Map<String, Object> configuration = Map.of();

        public Builder setTitle(String title) { this.title = title; return this; }
        public Builder setTask(String task) { this.task = task; return this; }
        public Builder optCommandLine(String commandLine) { this.commandLine = commandLine; return this; }
        public Builder optNotes(List<String> notes) { this.notes = notes; return this; }
        public Builder optHigherIsBetter(boolean higherIsBetter) { this.higherIsBetter = higherIsBetter; return this; }
        public Builder optConfiguration(Map<String, Object> configuration) { this.configuration = configuration; return this; }

        public ReportSpec build() {
            return new ReportSpec(title, task, commandLine, notes, higherIsBetter, configuration);
        }
    }
}
