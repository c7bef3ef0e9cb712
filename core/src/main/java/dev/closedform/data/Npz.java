package dev.closedform.data;

import dev.closedform.engine.EngineSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Reads and writes NumPy {@code .npz} archives: a zip file with one {@code name.npy} entry per
 * array, as written by {@code numpy.savez} (stored) and {@code numpy.savez_compressed} (deflated).
 * Both compression methods are read.
 */
public final class Npz {

    static {
        EngineSettings.ensureOffline(); // an entry point of the library: DJL offline before its engine can start
    }

    private static final String SUFFIX = ".npy";

    private Npz() {}

    /**
     * @param path an {@code .npz} file
     * @return the arrays by name (entry name without {@code .npy}), in archive order
     * @throws IOException         on I/O failure
     * @throws DataFormatException if the file is not a zip or an entry is not a supported .npy array
     */
    public static LinkedHashMap<String, NpyArray> read(Path path) throws IOException {
        LinkedHashMap<String, NpyArray> out = new LinkedHashMap<>();
        ZipFile zip;
        try {
            zip = new ZipFile(path.toFile());
        } catch (ZipException e) {
            throw new DataFormatException(path + ": not a valid .npz (zip) file: " + e.getMessage(), e);
        }
        try (zip) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (e.isDirectory()) {
                    continue;
                }
                String name = e.getName();
                String key = name.endsWith(SUFFIX) ? name.substring(0, name.length() - SUFFIX.length()) : name;
                try (InputStream in = zip.getInputStream(e)) {
                    out.put(key, Npy.read(new java.io.BufferedInputStream(in, 1 << 16), path + "!" + name));
                } catch (ZipException ex) {
                    throw new DataFormatException(path + "!" + name + ": corrupt zip entry: " + ex.getMessage(), ex);
                }
            }
        }
        return out;
    }

    /**
     * Atomically writes an uncompressed archive, like {@code numpy.savez}. Each array is serialised in
     * memory once to compute the CRC that stored entries need up front.
     *
     * @param path   destination
     * @param arrays arrays by name (written as {@code name.npy}, in iteration order)
     * @throws IOException on failure; an existing file is then left unchanged
     */
    public static void write(Path path, Map<String, NpyArray> arrays) throws IOException {
        write(path, arrays, false);
    }

    /**
     * Atomically writes a deflate-compressed archive, like {@code numpy.savez_compressed}.
     *
     * @param path   destination
     * @param arrays arrays by name (written as {@code name.npy}, in iteration order)
     * @throws IOException on failure; an existing file is then left unchanged
     */
    public static void writeCompressed(Path path, Map<String, NpyArray> arrays) throws IOException {
        write(path, arrays, true);
    }

    private static void write(Path path, Map<String, NpyArray> arrays, boolean deflate) throws IOException {
        for (String name : arrays.keySet()) {
            if (name.isEmpty() || name.contains("/") || name.contains("\\")) {
                throw new IllegalArgumentException("invalid array name '" + name + "' for " + path);
            }
        }
        AtomicFiles.write(path, os -> {
            try (ZipOutputStream zip = new ZipOutputStream(os)) {
                for (var e : arrays.entrySet()) {
                    ZipEntry entry = new ZipEntry(e.getKey() + SUFFIX);
                    if (deflate) {
                        entry.setMethod(ZipEntry.DEFLATED);
                        zip.putNextEntry(entry);
                        Npy.write(zip, e.getValue());
                    } else {
                        ByteArrayOutputStream buf = new ByteArrayOutputStream();
                        Npy.write(buf, e.getValue());
                        byte[] bytes = buf.toByteArray();
                        CRC32 crc = new CRC32();
                        crc.update(bytes);
                        entry.setMethod(ZipEntry.STORED);
                        entry.setSize(bytes.length);
                        entry.setCompressedSize(bytes.length);
                        entry.setCrc(crc.getValue());
                        zip.putNextEntry(entry);
                        zip.write(bytes);
                    }
                    zip.closeEntry();
                }
            }
        });
    }
}
