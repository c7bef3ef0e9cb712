package dev.closedform.experiments.operator;

/**
 * The data sources of the operator tasks by name. Burgers and Darcy generators plug in here (the
 * PDE package); until then those tasks read {@code --data FILE.npz}.
 */
public final class OperatorSources {

    private OperatorSources() {}

    /** Burgers u(.,0) -> u(.,1) at {@code resolution} points; not wired yet: returns null (use --data). */
    public static OperatorDataSource burgers(int resolution) {
        return null;
    }

    /** Darcy a -> u at {@code resolution} x {@code resolution}; not wired yet: returns null (use --data). */
    public static OperatorDataSource darcy(int resolution) {
        return null;
    }
}
