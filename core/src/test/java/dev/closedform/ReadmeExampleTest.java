package dev.closedform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.closedform.data.RegressionData;
import dev.closedform.train.TrainingResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's "use the heads from Java" example runs, learns, and is quoted verbatim in README.md. */
class ReadmeExampleTest {

    private static final String BEGIN = "// README-BEGIN\n";
    private static final String END = "// README-END";

    @Test
    void exampleLearnsTheFunction() {
        TrainingResult result = ReadmeExample.train();
        assertEquals(10, result.epochs().size());
        float[] y = ReadmeExample.data(256, 2).y();
        double mean = 0;
        for (float v : y) {
            mean += v / (double) y.length;
        }
        double variance = 0;
        for (float v : y) {
            variance += (v - mean) * (v - mean) / y.length;
        }
        double mse = result.finalTestMetric();
        System.out.println("README example: test MSE " + mse + ", variance " + variance + ", " + result.last().wallSeconds() + " s");
        // predicting the mean scores the variance; a learnt model must do clearly better
        assertTrue(mse < 0.5 * variance, "test MSE " + mse + " vs variance of y " + variance);
    }

    /** The lines between the markers in ReadmeExample.java. */
    static String exampleRegion() throws IOException {
        Path source = Path.of(System.getProperty("user.dir"), "src", "test", "java", "dev", "closedform", "ReadmeExample.java");
        String text = Files.readString(source).replace("\r\n", "\n");
        int from = text.indexOf(BEGIN);
        int to = text.indexOf(END);
        assertTrue(from >= 0 && to > from, "markers in " + source);
        return text.substring(from + BEGIN.length(), to);
    }

    @Test
    void readmeQuotesTheExampleVerbatim() throws IOException {
        // surefire runs with the module directory as working directory; README.md is in the repository root
        Path readme = Path.of(System.getProperty("user.dir")).getParent().resolve("README.md");
        assertTrue(Files.isRegularFile(readme), "no " + readme);
        String text = Files.readString(readme).replace("\r\n", "\n");
        String region = exampleRegion();
        assertTrue(region.lines().count() > 20, "suspiciously short example region");
        assertTrue(text.contains(region), "README.md does not contain the example of ReadmeExample.java verbatim;"
                + " paste the lines between // README-BEGIN and // README-END into its java code block");
    }
}
