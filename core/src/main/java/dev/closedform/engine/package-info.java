/**
 * JVM-wide settings of the DJL engine. {@link dev.closedform.engine.EngineSettings} sets DJL offline before its
 * first use (every entry point of the library calls it, so no program using the library contacts the
 * network) and the engine's thread count; {@link dev.closedform.engine.GraphScalars} makes scalar factors that
 * autograd can keep safely until the backward pass.
 */
package dev.closedform.engine;
