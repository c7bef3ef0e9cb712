package dev.closedform;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.closedform.train.TrainingResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example of docs/library.md runs, learns, and is quoted there verbatim. */
class LibraryExampleTest {

    @Test
    void theExampleLearnsFromACsvAsPandasWritesIt(@TempDir Path dir) throws IOException {
        // pandas' to_csv: an unnamed index column, then x1, x2, a text column, y = sin(2 x1) + x2^2 + noise
        StringBuilder csv = new StringBuilder(",x1,x2,site,y\n");
        Random r = new Random(3);
        for (int i = 0; i < 1000; i++) {
            double x1 = 4 * r.nextDouble() - 2;
            double x2 = 4 * r.nextDouble() - 2;
            csv.append(i).append(',').append(x1).append(',').append(x2).append(',').append(i % 2 == 0 ? "north" : "south")
                    .append(',').append(Math.sin(2 * x1) + x2 * x2 + 0.1 * r.nextGaussian()).append('\n');
        }
        Path file = dir.resolve("data.csv");
        Files.writeString(file, csv);
        TrainingResult result = LibraryExample.fit(file);
        double mse = result.finalTestMetric();
        assertTrue(mse < 0.2, "standardised test MSE " + mse + " (the mean predictor scores about 1)");
    }

    @Test
    void theDocQuotesTheExampleVerbatim() throws IOException {
        Path source = Path.of(System.getProperty("user.dir"), "src", "test", "java", "dev", "closedform", "LibraryExample.java");
        String text = Files.readString(source).replace("\r\n", "\n");
        int from = text.indexOf("// DOC-BEGIN\n");
        int to = text.indexOf("// DOC-END");
        assertTrue(from >= 0 && to > from, "markers in " + source);
        String region = text.substring(from + "// DOC-BEGIN\n".length(), to);
        Path doc = Path.of(System.getProperty("user.dir")).getParent().resolve("docs").resolve("library.md");
        String md = Files.readString(doc).replace("\r\n", "\n");
        assertTrue(md.contains(region), "docs/library.md does not contain the example of LibraryExample.java verbatim");
    }
}
