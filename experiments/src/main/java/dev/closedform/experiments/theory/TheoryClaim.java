package dev.closedform.experiments.theory;

/**
 * One row of a summary table: what the method's theory says, what the computation found, and whether
 * the statement held.
 *
 * @param experiment short name of the computation
 * @param claim      the statement tested
 * @param result     the measured outcome, with its numbers
 * @param verdict    whether the statement held here
 */
public record TheoryClaim(String experiment, String claim, String result, Verdict verdict) {

    public enum Verdict {
        HOLDS("holds"),
        DOES_NOT_HOLD("does not hold"),
        NOT_TESTABLE("not testable here");

        private final String label;

        Verdict(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** A markdown table of claims. */
    public static String table(java.util.List<TheoryClaim> claims) {
        StringBuilder s = new StringBuilder("| experiment | claim | our result | verdict |\n|---|---|---|---|\n");
        for (TheoryClaim c : claims) {
            s.append("| ").append(c.experiment()).append(" | ").append(c.claim()).append(" | ").append(c.result())
                    .append(" | ").append(c.verdict().label()).append(" |\n");
        }
        return s.toString();
    }
}
