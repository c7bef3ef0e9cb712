package dev.closedform.data;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Atomic file replacement: readers of the target path see either the old complete file or the new
 * complete file, never a partial write (important for checkpoints, caches and results that a
 * crashed or killed run would otherwise leave truncated).
 *
 * <p>The content is written to a temporary file in the same directory (so the final rename stays
 * on one file system), forced to disk, and then moved over the target with
 * {@link StandardCopyOption#ATOMIC_MOVE}. Missing parent directories are created.
 */
public final class AtomicFiles {

    /** Writes the content of a file to a stream; may throw {@link IOException}. */
    @FunctionalInterface
    public interface IOConsumer<T> {
        /**
         * @param value the stream to write to; closing it is allowed but not required
         * @throws IOException on write failure
         */
        void accept(T value) throws IOException;
    }

    private AtomicFiles() {}

    /**
     * Atomically replaces {@code target} with what {@code writer} writes.
     *
     * @param target the file to create or replace
     * @param writer produces the content; the stream is buffered
     * @throws IOException if writing or the final move fails; the target is then left unchanged
     *                     and the temporary file is removed
     */
    public static void write(Path target, IOConsumer<OutputStream> writer) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        Path tmp = newTemporary(dir, abs.getFileName().toString());
        boolean ok = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream raw = Channels.newOutputStream(ch);
                var buffered = new java.io.BufferedOutputStream(raw, 1 << 16);
                // Writers often wrap the stream (zip, gzip) and close it; we must still fsync after.
                OutputStream guarded = new FilterOutputStream(buffered) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                    }

                    @Override
                    public void close() throws IOException {
                        out.flush();
                    }
                };
                writer.accept(guarded);
                buffered.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                // Some file systems (e.g. certain network mounts) cannot rename atomically;
                // a plain replace is the best remaining option there.
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            ok = true;
        } finally {
            if (!ok) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /**
     * A new empty file beside the target. Created with the default permissions, so the umask decides
     * them as for any other file ({@code Files.createTempFile} would make every result 0600).
     */
    private static Path newTemporary(Path dir, String name) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve("." + name + "." + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".tmp");
            try {
                return Files.createFile(tmp);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (attempt >= 100) {
                    throw e;
                }
            }
        }
    }

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    /**
     * Atomically replaces {@code target} with {@code text} encoded as UTF-8.
     *
     * @param target the file to create or replace
     * @param text   the full content
     * @throws IOException on failure; the target is then left unchanged
     */
    public static void writeString(Path target, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        write(target, out -> out.write(bytes));
    }
}
