package dev.closedform.spark;

import dev.closedform.model.Activation;
import dev.closedform.model.Backbone;
import dev.closedform.model.FnoConfig;
import dev.closedform.model.Mlp;
import java.io.Serializable;

/**
 * Builds the backbone on every worker (and once on the driver, for the saved model). Each replica
 * is then initialised from the run's seed, so all start from the same parameters. Spark ships the
 * factory to the executors: it must be serializable and capture only serializable values.
 */
@FunctionalInterface
public interface BackboneFactory extends Serializable {

    Backbone create();

    /** A multilayer perceptron ({@link Mlp}). */
    static BackboneFactory mlp(int inputDim, int[] hidden, Activation activation) {
        int[] widths = hidden.clone();
        return () -> Mlp.build(inputDim, widths, activation);
    }

    /** A 1-d Fourier neural operator on {@code grid} points ({@link FnoConfig#oneD}). */
    static BackboneFactory fno1d(int grid, int width, int modes, int layers, int projection) {
        return () -> FnoConfig.oneD(grid, width, modes, layers, projection).backbone();
    }
}
