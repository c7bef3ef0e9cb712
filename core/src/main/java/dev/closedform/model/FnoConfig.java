package dev.closedform.model;

import dev.closedform.engine.EngineSettings;

/**
 * Shape of a Fourier neural operator ({@link FnoBlock}).
 *
 * @param dims       1 or 2
 * @param gridX      points along x (the only axis in 1-d)
 * @param gridY      points along y (1 in 1-d)
 * @param width      channels of the Fourier layers
 * @param modesX     kept Fourier modes along x (in 2-d: per corner, so 2 modesX x-frequencies)
 * @param modesY     kept modes along y (0 in 1-d)
 * @param layers     Fourier layers
 * @param projection width of the last hidden layer, the features of the closed-form head
 * @param padding    2-d only: zeros appended to both axes before the Fourier layers (the original
 *                   code pads 9 points for the non-periodic Darcy problem); 0 in 1-d
 */
public record FnoConfig(int dims, int gridX, int gridY, int width, int modesX, int modesY, int layers,
                        int projection, int padding) implements java.io.Serializable {

    static {
        EngineSettings.ensureOffline(); // an entry point of the library: DJL offline before its engine can start
    }

    public FnoConfig {
        if (dims != 1 && dims != 2) {
            throw new IllegalArgumentException("dims must be 1 or 2, got " + dims);
        }
        positive("gridX", gridX);
        positive("width", width);
        positive("modesX", modesX);
        positive("layers", layers);
        positive("projection", projection);
        if (padding < 0) {
            throw new IllegalArgumentException("padding must be >= 0, got " + padding);
        }
        if (dims == 1) {
            if (gridY != 1 || modesY != 0 || padding != 0) {
                throw new IllegalArgumentException("1-d FNO needs gridY = 1, modesY = 0, padding = 0; got "
                        + gridY + ", " + modesY + ", " + padding);
            }
            if (modesX > gridX / 2 + 1) {
                throw new IllegalArgumentException("modes " + modesX + " exceed gridX/2 + 1 = " + (gridX / 2 + 1));
            }
        } else {
            positive("gridY", gridY);
            positive("modesY", modesY);
            if (2 * modesX > gridX + padding) {
                throw new IllegalArgumentException("modesX " + modesX + ": 2 x modesX must not exceed the padded grid "
                        + (gridX + padding));
            }
            if (modesY > (gridY + padding) / 2 + 1) {
                throw new IllegalArgumentException("modesY " + modesY + " exceeds (padded gridY)/2 + 1 = " + ((gridY + padding) / 2 + 1));
            }
        }
    }

    private static void positive(String name, int v) {
        if (v < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, got " + v);
        }
    }

    /** The standard FNO-1d of the paper: width 64, 16 modes, 4 layers, projection 128. */
    public static FnoConfig standard1d(int grid) {
        return new FnoConfig(1, grid, 1, 64, 16, 0, 4, 128, 0);
    }

    /** The standard FNO-2d: width 32, 12 x 12 modes, 4 layers, projection 128, padding 9. */
    public static FnoConfig standard2d(int grid) {
        return new FnoConfig(2, grid, grid, 32, 12, 12, 4, 128, 9);
    }

    public static FnoConfig oneD(int grid, int width, int modes, int layers, int projection) {
        return new FnoConfig(1, grid, 1, width, modes, 0, layers, projection, 0);
    }

    public static FnoConfig twoD(int grid, int width, int modes, int layers, int projection, int padding) {
        return new FnoConfig(2, grid, grid, width, modes, modes, layers, projection, padding);
    }

    /** Grid points per sample: the rows of the head contributed by one input field. */
    public int points() {
        return gridX * gridY;
    }

    /** The backbone for {@link LastLayerModel}: input (batch, points), features (batch * points, projection). */
    public Backbone backbone() {
        String d = dims == 1
                ? "fno-1d grid " + gridX + ", width " + width + ", " + modesX + " modes, " + layers + " layers, projection " + projection
                : "fno-2d grid " + gridX + "x" + gridY + ", width " + width + ", " + modesX + "x" + modesY + " modes, "
                        + layers + " layers, projection " + projection + ", padding " + padding;
        return new Backbone(new FnoBlock(this), points(), projection, d, points());
    }
}
