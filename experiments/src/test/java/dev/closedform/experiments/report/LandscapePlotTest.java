package dev.closedform.experiments.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.closedform.experiments.landscape.Landscape;
import dev.closedform.experiments.landscape.LandscapeConfig;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LandscapePlotTest {

    @Test
    void pngDecodesAtTheExpectedSizeAndShowsTheCurve(@TempDir Path dir) throws Exception {
        Path file = LandscapePlot.write(Landscape.compute(LandscapeConfig.builder().optGrid(120, 100).build()),
                dir.resolve(LandscapePlot.FILE_NAME));
        BufferedImage img = ImageIO.read(file.toFile());
        assertNotNull(img, "PNG must decode");
        assertEquals(LandscapePlot.WIDTH, img.getWidth());
        assertEquals(LandscapePlot.HEIGHT, img.getHeight());
        int red = 0;
        for (int x = 0; x < img.getWidth(); x++) {
            for (int y = 0; y < img.getHeight(); y++) {
                int rgb = img.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                if (r > 200 && g < 70 && b < 80) {
                    red++;
                }
            }
        }
        // Both panels draw a red curve 3 px wide over several hundred px; viridis and grey never get this red.
        assertTrue(red > 2000, "expected the W* and L* curves in red, found " + red + " red pixels");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary files left behind");
        }
    }

    @Test
    void isoSegmentsOfALinearFieldLieOnTheLevelLine() {
        double[] xs = {0, 1, 2, 3};
        double[] ys = {0, 1, 2};
        double[][] v = new double[4][3];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 3; j++) {
                v[i][j] = xs[i] + 0.0 * ys[j];
            }
        }
        List<double[]> segs = LandscapePlot.isoSegments(xs, ys, v, 1.5);
        assertEquals(2, segs.size(), "one segment per cell row crossing x = 1.5");
        for (double[] s : segs) {
            assertEquals(1.5, s[0], 1e-12);
            assertEquals(1.5, s[2], 1e-12);
            assertEquals(1.0, Math.abs(s[3] - s[1]), 1e-12);
        }
    }

    @Test
    void niceTicksAreRoundAndInside() {
        assertEquals(List.of(-3.0, -2.0, -1.0, 0.0, 1.0, 2.0, 3.0), LandscapePlot.niceTicks(-3, 3, 7));
        List<Double> t = LandscapePlot.niceTicks(-0.55, 2.07, 7);
        assertEquals(-0.5, t.get(0), 1e-12);
        assertEquals(2.0, t.get(t.size() - 1), 1e-12);
    }
}
