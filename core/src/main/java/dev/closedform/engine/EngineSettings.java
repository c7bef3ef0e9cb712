package dev.closedform.engine;

/**
 * JVM-wide settings of the DJL engine that must be in place before its first use. DJL contacts a
 * cloud metadata address and a tracking service at start-up unless {@code ai.djl.offline} and
 * {@code OPT_OUT_TRACKING} are set, so every entry point of the library calls
 * {@link #ensureOffline()} first; a value the user set explicitly is kept.
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
