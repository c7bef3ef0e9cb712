package dev.closedform.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void replacesExistingFileAndCreatesParents() throws IOException {
        Path p = dir.resolve("a/b/report.txt");
        AtomicFiles.writeString(p, "first");
        AtomicFiles.writeString(p, "second");
        assertEquals("second", Files.readString(p));
        try (Stream<Path> s = Files.list(p.getParent())) {
            assertEquals(1, s.count(), "no temporary files left behind");
        }
    }

    @Test
    void failedWriteLeavesOldContentAndNoTempFile() throws IOException {
        Path p = dir.resolve("ckpt.bin");
        AtomicFiles.writeString(p, "good");
        assertThrows(IOException.class, () -> AtomicFiles.write(p, out -> {
            out.write("partial".getBytes());
            throw new IOException("disk full");
        }));
        assertEquals("good", Files.readString(p));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(1, s.count());
        }
    }

    @Test
    void writerMayCloseTheStream() throws IOException {
        Path p = dir.resolve("closed.txt");
        AtomicFiles.write(p, out -> {
            try (out) {
                out.write('x');
            }
        });
        assertEquals("x", Files.readString(p));
    }
}
