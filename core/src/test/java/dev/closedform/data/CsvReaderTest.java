package dev.closedform.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReaderTest {
    @TempDir
    Path dir;

    private Path file(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    private static CsvReader.Builder at(Path p) {
        return CsvReader.builder().setPath(p);
    }

    private static RegressionData read(Path p) throws IOException {
        return at(p).build().read();
    }

    private static DataFormatException fails(CsvReader.Builder b) {
        return assertThrows(DataFormatException.class, () -> b.build().read());
    }

    private static void assertMentions(Exception e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "message lacks '" + part + "': " + e.getMessage());
        }
    }

    @Test
    void headerCommaDefaultLastColumnTarget() throws IOException {
        RegressionData d = read(file("h.csv", "a,b,y\n1,2,3\n4,5.5,-6e1\n"));
        assertEquals(List.of("a", "b"), d.inputNames());
        assertEquals(List.of("y"), d.targetNames());
        assertEquals(2, d.rows());
        assertArrayEquals(new float[] {1, 2, 4, 5.5f}, d.x());
        assertArrayEquals(new float[] {3, -60}, d.y());
    }

    @Test
    void noHeaderAutoAndForced() throws IOException {
        Path p = file("n.csv", "1,2,3\n4,5,6\n");
        RegressionData d = read(p);
        assertEquals(List.of("col0", "col1"), d.inputNames());
        assertEquals(2, d.rows());
        // forcing a header turns the first numeric row into names
        RegressionData h = at(p).optHeader(true).build().read();
        assertEquals(List.of("1", "2"), h.inputNames());
        assertEquals(1, h.rows());
        assertArrayEquals(new float[] {6}, h.y());
        // forcing no header on a file whose first row is text: that row is data and fails
        Path t = file("t.csv", "a,b,c\n1,2,3\n");
        var e = fails(at(t).optHeader(false));
        assertMentions(e, t.toString(), "line 1", "'col0' (index 0)", "'a'");
    }

    @Test
    void semicolonTabAndWhitespaceDelimiters() throws IOException {
        float[] x = {1, 2, 4, 5};
        float[] y = {3, 6};
        for (String content : List.of("a;b;c\n1;2;3\n4;5;6\n", "a\tb\tc\n1\t2\t3\n4\t5\t6\n",
                "  1   2 3\n4 \t5    6  \n", "1, 2, 3\n4, 5, 6\n")) {
            RegressionData d = read(file("d.txt", content));
            assertArrayEquals(x, d.x(), content);
            assertArrayEquals(y, d.y(), content);
        }
        // semicolon data with decimal points must not be split on whitespace or commas
        RegressionData eu = read(file("eu.csv", "p q;r\n1.5;2\n"));
        assertEquals(List.of("p q"), eu.inputNames());
        // explicit delimiter overrides detection
        RegressionData ex = at(file("x.txt", "1|2\n3|4\n")).optDelimiter('|').build().read();
        assertArrayEquals(new float[] {1, 3}, ex.x());
    }

    @Test
    void targetByNameIndexNegativeIndexAndMultiple() throws IOException {
        Path p = file("m.csv", "a,b,c,d\n1,2,3,4\n5,6,7,8\n");
        RegressionData byName = at(p).optTargets(List.of("b")).build().read();
        assertEquals(List.of("a", "c", "d"), byName.inputNames());
        assertArrayEquals(new float[] {2, 6}, byName.y());

        RegressionData byIndex = at(p).optTargetIndices(0).build().read();
        assertEquals(List.of("a"), byIndex.targetNames());

        RegressionData negative = at(p).optTargetIndices(-2).build().read();
        assertEquals(List.of("c"), negative.targetNames());
        assertArrayEquals(new float[] {1, 2, 4, 5, 6, 8}, negative.x());

        RegressionData multi = at(p).optTargets(List.of("d", "a")).build().read();
        assertEquals(List.of("d", "a"), multi.targetNames());
        assertEquals(2, multi.outputDim());
        assertArrayEquals(new float[] {4, 1, 8, 5}, multi.y());

        RegressionData explicitInputs = at(p).optInputs(List.of("c", "a")).build().read();
        assertEquals(List.of("c", "a"), explicitInputs.inputNames());
        assertArrayEquals(new float[] {3, 1, 7, 5}, explicitInputs.x());
    }

    @Test
    void preambleSkippedExplicitlyAndAutomatically() throws IOException {
        // the layout of scikit-learn's boston_house_prices.csv
        String boston = "3,2,,\n\"A\",\"B\",\"MEDV\"\n1,2,3\n4,5,6\n7,8,9\n";
        Path p = file("boston_like.csv", boston);
        RegressionData auto = read(p);
        assertEquals(List.of("A", "B"), auto.inputNames());
        assertEquals(3, auto.rows());
        RegressionData explicit = at(p).optSkipLines(1).build().read();
        assertArrayEquals(auto.x(), explicit.x());
        // with skipping disabled the preamble is the header and the real header is a bad data row
        var e = fails(at(p).optSkipLines(0));
        assertMentions(e, p.toString(), "line 2");
    }

    @Test
    void gzipByExtension() throws IOException {
        Path p = dir.resolve("z.csv.gz");
        try (OutputStream os = new GZIPOutputStream(Files.newOutputStream(p))) {
            os.write("59 2 32.1 151\n48 1 21.6 75\n".getBytes(StandardCharsets.UTF_8));
        }
        RegressionData d = read(p);
        assertEquals(3, d.inputDim());
        assertArrayEquals(new float[] {151, 75}, d.y());
        assertEquals(21.6f, d.x(1, 2));
    }

    @Test
    void blankLinesAndQuotedCellsAreHandled() throws IOException {
        RegressionData d = read(file("q.csv", "\n\"x, 1\",\"y\"\"q\"\n\n\"1\",2\n\n"));
        assertEquals(List.of("x, 1"), d.inputNames());
        assertEquals(List.of("y\"q"), d.targetNames());
        assertArrayEquals(new float[] {2}, d.y());
    }

    @Test
    void emptyFile() throws IOException {
        Path p = file("empty.csv", "\n  \n");
        assertMentions(fails(at(p)), p.toString(), "empty file");
        Path h = file("headeronly.csv", "a,b\n");
        assertMentions(fails(at(h)), h.toString(), "no data rows", "line 1");
    }

    @Test
    void raggedRow() throws IOException {
        Path p = file("rag.csv", "a,b,c\n1,2,3\n\n4,5\n");
        assertMentions(fails(at(p)), p.toString(), "line 4", "expected 3 fields, got 2", "'c' (index 2)");
        Path q = file("rag2.csv", "a,b\n1,2\n1,2,3\n");
        assertMentions(fails(at(q)), q.toString(), "line 3", "expected 2 fields, got 3", "index 2");
        // a short text header is reported, not mistaken for a preamble
        Path h = file("short_header.csv", "a,b\n1,2,3\n4,5\n");
        assertMentions(fails(at(h)), h.toString(), "line 2", "expected 2 fields, got 3");
        // unless every row has one field more: R's write.table, whose header leaves out the row names
        RegressionData r = read(file("write_table.csv", "a,b\n1,2,3\n4,5,6\n"));
        assertEquals(List.of("a"), r.inputNames());
        assertArrayEquals(new float[] {2, 5}, r.x());
    }

    @Test
    void nonNumericCell() throws IOException {
        Path p = file("nn.csv", "a,b,c\n1,2,3\n4,five,6\n");
        assertMentions(fails(at(p)), p.toString(), "line 3", "'b' (index 1)", "'five'");
        // Java's parser would accept these; a CSV number must not
        Path q = file("nd.csv", "a,b\n1,2d\n");
        assertMentions(fails(at(q)), q.toString(), "line 2", "'b' (index 1)", "'2d'");
        Path r = file("emptycell.csv", "a,b\n1,\n");
        assertMentions(fails(at(r)), r.toString(), "line 2", "'b' (index 1)", "empty");
    }

    @Test
    void nanAndInfCells() throws IOException {
        Path p = file("nan.csv", "a,b\n1,2\nNaN,3\n");
        assertMentions(fails(at(p)), p.toString(), "line 3", "'a' (index 0)", "'NaN'");
        Path q = file("inf.csv", "a,b\n1,-inf\n");
        assertMentions(fails(at(q)), q.toString(), "line 2", "'b' (index 1)", "'-inf'");
        Path r = file("big.csv", "a,b\n1,1e39\n");
        assertMentions(fails(at(r)), r.toString(), "line 2", "'b' (index 1)", "float32");
        // a first row of NaNs is data (and an error), not a header
        Path s = file("nanfirst.csv", "nan,1\n");
        assertMentions(fails(at(s)), s.toString(), "line 1", "'col0' (index 0)");
    }

    @Test
    void targetNotFoundListsColumns() throws IOException {
        Path p = file("t.csv", "alpha,beta\n1,2\n");
        var e = fails(at(p).optTargets(List.of("gamma")));
        assertMentions(e, p.toString(), "line 1", "'gamma'", "0: alpha", "1: beta");
        e = fails(at(p).optTargetIndices(-3));
        assertMentions(e, p.toString(), "index -3", "0: alpha");
        e = fails(at(p).optInputs(List.of("beta")).optTargets(List.of("beta")));
        assertMentions(e, p.toString(), "'beta' (index 1)");
    }

    @Test
    void duplicateHeaderNames() throws IOException {
        Path p = file("dup.csv", "x\n\na,b,a\n1,2,3\n");
        var e = fails(at(p).optSkipLines(1));
        assertMentions(e, p.toString(), "line 3", "'a'", "columns 0 and 2");
    }

    /** Real scikit-learn files, when present (.ci/run installs them); set CLOSEDFORM_SKLEARN_DATA to their directory. */
    @Test
    void sklearnFilesWhenAvailable() throws IOException {
        String env = System.getenv("CLOSEDFORM_SKLEARN_DATA");
        Path base = Path.of(env != null ? env : "/usr/lib/python3/dist-packages/sklearn/datasets/data");
        assumeTrue(Files.isRegularFile(base.resolve("boston_house_prices.csv")),
                "scikit-learn data files not found under " + base + ": real-file check skipped");
        RegressionData boston = read(base.resolve("boston_house_prices.csv"));
        assertEquals(506, boston.rows());
        assertEquals(13, boston.inputDim());
        assertEquals(List.of("MEDV"), boston.targetNames());
        assertEquals(24f, boston.y(0, 0));
        RegressionData diabetes = read(base.resolve("diabetes_data_raw.csv.gz"));
        assertEquals(442, diabetes.rows());
        assertEquals(9, diabetes.inputDim());
        assertEquals(87f, diabetes.y(0, 0)); // last column of the first row: "... 4.8598 87"
    }
}
