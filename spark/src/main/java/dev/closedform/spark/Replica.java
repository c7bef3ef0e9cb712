package dev.closedform.spark;

import dev.closedform.model.LastLayerModel;

/** The model every worker trains: same backbone, same seed, hence the same initial parameters. */
final class Replica {

    private Replica() {}

    /**
     * Initialisation draws from the engine's one global generator, so workers sharing a JVM
     * ({@code local[N]}) must not build their replicas at the same time.
     */
    static synchronized LastLayerModel build(BackboneFactory factory, int outputs, boolean bias, long seed) {
        return new LastLayerModel(factory.create(), outputs, bias, seed);
    }
}
