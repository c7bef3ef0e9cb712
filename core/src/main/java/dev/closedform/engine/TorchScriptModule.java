package dev.closedform.engine;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A TorchScript module that libtorch compiles from source text given here: the way to libtorch
 * operations that DJL does not wrap (e.g. the fused multi-tensor optimiser kernels). The source is
 * one TorchScript class with methods and no attributes but {@code training}; it is packed into the
 * archive layout {@code torch.jit.load} reads (a zip of {@code data.pkl}, the object; {@code
 * constants.pkl}; {@code version}; {@code code/__torch__.py}, the class), so no Python is involved.
 * The module lives as long as the JVM.
 */
public final class TorchScriptModule {

    private final PtSymbolBlock block;

    private TorchScriptModule(PtSymbolBlock block) {
        this.block = block;
    }

    /**
     * Compiles {@code source}, which must define {@code class <className>(Module)} with the
     * {@code training : bool} attribute; any error of libtorch's compiler is thrown here.
     */
    public static TorchScriptModule compile(String className, String source) {
        EngineSettings.ensureOffline();
        byte[] archive = archive(className, source);
        try {
            // a manager of its own, never closed: the module serves the whole JVM
            PtNDManager manager = (PtNDManager) NDManager.newBaseManager();
            return new TorchScriptModule(JniUtils.loadModule(manager, new ByteArrayInputStream(archive), false, false));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code method} without autograd; the caller closes the arguments and the result. */
    public IValue run(String method, IValue... arguments) {
        return IValueUtils.runMethod(block, method, arguments);
    }

    static byte[] archive(String className, String source) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            String root = className.toLowerCase(java.util.Locale.ROOT) + "/";
            store(zip, root + "data.pkl", moduleObject(className));
            store(zip, root + "constants.pkl", new byte[] {(byte) 0x80, 2, ')', '.'}); // an empty tuple
            store(zip, root + "version", "3\n".getBytes(StandardCharsets.US_ASCII));
            store(zip, root + "code/__torch__.py", source.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * The pickled module object (protocol 2): an instance of {@code __torch__.<className>} whose state
     * is {@code {"training": True}}.
     */
    private static byte[] moduleObject(String className) {
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.write(0x80); // PROTO
        p.write(2);
        p.writeBytes(("c__torch__\n" + className + "\n").getBytes(StandardCharsets.US_ASCII)); // GLOBAL
        p.write(')'); // EMPTY_TUPLE: no constructor arguments
        p.write(0x81); // NEWOBJ
        p.write('}'); // EMPTY_DICT: the state
        byte[] key = "training".getBytes(StandardCharsets.US_ASCII);
        p.write('X'); // BINUNICODE, 4-byte little-endian length
        p.write(key.length);
        p.write(0);
        p.write(0);
        p.write(0);
        p.writeBytes(key);
        p.write(0x88); // NEWTRUE
        p.write('s'); // SETITEM
        p.write('b'); // BUILD
        p.write('.'); // STOP
        return p.toByteArray();
    }

    /** An uncompressed entry, as libtorch's archive reader expects. */
    private static void store(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        e.setCrc(crc.getValue());
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }
}
