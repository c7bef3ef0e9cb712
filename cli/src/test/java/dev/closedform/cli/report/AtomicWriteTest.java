package dev.closedform.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicWriteTest {

    @Test
    void replacesExistingContent(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("a.txt");
        AtomicWrite.writeString(f, "first");
        AtomicWrite.writeString(f, "second");
        assertEquals("second", Files.readString(f));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(f), files.toList());
        }
    }

    @Test
    void failedWriteKeepsOldFileAndRemovesTemp(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("a.txt");
        AtomicWrite.writeString(f, "intact");
        assertThrows(IOException.class, () -> AtomicWrite.write(f, out -> {
            out.write("half".getBytes());
            throw new IOException("disk full (simulated)");
        }));
        assertEquals("intact", Files.readString(f));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(f), files.toList());
        }
    }

    @Test
    void createsMissingDirectories(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("x/y/z.txt");
        AtomicWrite.writeString(f, "ok");
        assertEquals("ok", Files.readString(f));
    }
}
