package dev.closedform.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tables as R and pandas write them: quoted numbers, quoted text columns, a row-names column, NA
 * and empty cells. The file contents are what {@code write.csv(df)} in R and {@code df.to_csv(path)}
 * in pandas write for the frame x = (1.5, 2, -3e-2), y = (3, 4, 5), name = ("a", "b,c", "d \"q\"").
 */
class TableTest {

    @TempDir
    Path dir;

    /** R: write.csv(data.frame(x, y, name)): quoted header with "" for the row names, quoted text, NA for missing. */
    static final String R = "\"\",\"x\",\"y\",\"name\"\n\"1\",1.5,3,\"a\"\n\"2\",2,4,\"b,c\"\n\"3\",-0.03,5,\"d \"\"q\"\"\"\n";
    /** pandas: df.to_csv(path): an unnamed index column, text quoted only when needed. */
    static final String PANDAS = ",x,y,name\n0,1.5,3,a\n1,2.0,4,\"b,c\"\n2,-0.03,5,\"d \"\"q\"\"\"\n";
    /** pandas: df.to_csv(path, quoting=csv.QUOTE_ALL): every cell quoted, numbers too. */
    static final String PANDAS_QUOTE_ALL = "\"\",\"x\",\"y\",\"name\"\n\"0\",\"1.5\",\"3\",\"a\"\n\"1\",\"2.0\",\"4\",\"b,c\"\n"
            + "\"2\",\"-0.03\",\"5\",\"d \"\"q\"\"\"\n";
    /** pandas: df.to_csv(path, index=False). */
    static final String PANDAS_NO_INDEX = "x,y,name\n1.5,3,a\n2.0,4,\"b,c\"\n-0.03,5,\"d \"\"q\"\"\"\n";

    private Path file(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    private static Table table(Path p) throws IOException {
        return Table.read(p);
    }

    @Test
    void rAndPandasFilesGiveTheSameColumns() throws IOException {
        for (String content : List.of(R, PANDAS, PANDAS_QUOTE_ALL, PANDAS_NO_INDEX)) {
            Table t = table(file("t.csv", content));
            assertEquals(3, t.rows(), content);
            assertArrayEquals(new double[] {1.5, 2, -0.03}, t.column("x"), 0, content);
            assertArrayEquals(new double[] {3, 4, 5}, t.column("y"), 0, content);
            assertTrue(t.isText(t.index("name")), content);
            assertEquals(content.startsWith("x") ? -1 : 0, t.rowNamesColumn(), content);
            DataFormatException e = assertThrows(DataFormatException.class, () -> t.column("name"));
            assertTrue(e.getMessage().contains("line 2, column 'name' (index " + t.index("name") + "): non-numeric value 'a'"),
                    e.getMessage());
        }
    }

    @Test
    void regressionDataLeavesOutRowNamesAndTextColumns() throws IOException {
        for (String content : List.of(R, PANDAS, PANDAS_QUOTE_ALL, PANDAS_NO_INDEX)) {
            RegressionData d = CsvReader.builder().setPath(file("r.csv", content)).optTargets(List.of("y")).build().read();
            assertEquals(List.of("x"), d.inputNames(), content);
            assertArrayEquals(new float[] {1.5f, 2, -0.03f}, d.x(), content);
            assertArrayEquals(new float[] {3, 4, 5}, d.y(), content);
        }
    }

    @Test
    void aMissingValueFailsOnlyInAUsedColumn() throws IOException {
        // R writes NA, pandas an empty cell
        for (String[] missing : new String[][] {{"NA", "missing value 'NA'"}, {"", "missing value (empty cell)"}}) {
            Path p = file("na.csv", "\"\",\"x\",\"z\",\"y\"\n\"1\",1,7,3\n\"2\",2," + missing[0] + ",4\n\"3\",5,8,6\n");
            Table t = table(p);
            assertArrayEquals(new double[] {1, 2, 5}, t.column("x"), 0);
            DataFormatException e = assertThrows(DataFormatException.class, () -> t.column("z"));
            assertTrue(e.getMessage().startsWith(p + ": line 3, column 'z' (index 2): " + missing[1]), e.getMessage());
            // z unused: fine
            RegressionData d = CsvReader.builder().setPath(p).optInputs(List.of("x")).optTargets(List.of("y")).build().read();
            assertArrayEquals(new float[] {3, 4, 6}, d.y());
            // z a default input: the error names it
            e = assertThrows(DataFormatException.class,
                    () -> CsvReader.builder().setPath(p).optTargets(List.of("y")).build().read());
            assertTrue(e.getMessage().contains("line 3, column 'z' (index 2): " + missing[1]), e.getMessage());
        }
    }

    @Test
    void aOneColumnTableNamesTheFileAndTheColumn() throws IOException {
        Path p = file("one.csv", "y\n1\n2\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> CsvReader.builder().setPath(p).build().read());
        assertTrue(e.getMessage().startsWith(p + ": no input column") && e.getMessage().contains("'y'"), e.getMessage());
        Path q = file("textonly.csv", "name,y\na,1\nb,2\n");
        e = assertThrows(DataFormatException.class, () -> CsvReader.builder().setPath(q).build().read());
        assertTrue(e.getMessage().contains("'name' (text)"), e.getMessage());
    }

    @Test
    void aTruncatedGzipFileIsAFormatError() throws IOException {
        Path whole = dir.resolve("whole.csv.gz");
        StringBuilder csv = new StringBuilder("a,b\n");
        for (int i = 0; i < 20000; i++) {
            csv.append(i).append(',').append(i * 0.5).append('\n');
        }
        try (OutputStream os = new GZIPOutputStream(Files.newOutputStream(whole))) {
            os.write(csv.toString().getBytes(StandardCharsets.UTF_8));
        }
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = dir.resolve("cut.csv.gz");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
        DataFormatException e = assertThrows(DataFormatException.class, () -> CsvReader.builder().setPath(cut).build().read());
        assertTrue(e.getMessage().startsWith(cut + ": the compressed data is truncated or damaged after line "), e.getMessage());
        assertEquals(20000, CsvReader.builder().setPath(whole).build().read().rows());
    }
}
