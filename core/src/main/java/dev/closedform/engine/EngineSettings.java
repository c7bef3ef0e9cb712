package dev.closedform.engine;

/**
 * JVM-wide settings of the DJL engine that must be in place before its first use. DJL contacts a
 * cloud metadata address and a tracking service when its engine starts unless {@code ai.djl.offline}
 * and {@code OPT_OUT_TRACKING} are set, so the library's entry points (the models, the training
 * loop, DFIV, the data readers) call {@link #ensureOffline()} in their static initialisers, before
 * any of them can start the engine. A value the user set (system property or environment variable
 * {@code DJL_OFFLINE} / {@code OPT_OUT_TRACKING}) is kept. A program that starts DJL's engine itself
 * before touching any class of this library (e.g. {@code NDManager.newBaseManager()} first) must
 * call {@link #ensureOffline()} before that.
 */
public final class EngineSettings {

    private EngineSettings() {}

    /** Sets the offline properties unless the user already set them. Idempotent and cheap. */
    public static void ensureOffline() {
        setIfAbsent("ai.djl.offline", "true");
        setIfAbsent("OPT_OUT_TRACKING", "true");
    }

    /** Intra-op threads of the PyTorch engine (0 keeps the default); only effective before the engine starts. */
    public static void setThreads(int threads) {
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0, got " + threads);
        }
        if (threads > 0) {
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
    }

    /** The intra-op threads the engine uses (or will use): the configured value, else the core count. */
    public static int threads() {
        String t = System.getProperty("ai.djl.pytorch.num_threads");
        return t == null ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(t.trim());
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
