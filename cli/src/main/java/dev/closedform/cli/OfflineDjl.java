package dev.closedform.cli;

/**
 * DJL contacts the network at start-up unless told not to. The launcher passes the flags; this
 * sets them again before any DJL class loads, so embedding the CLI elsewhere cannot forget them.
 */
final class OfflineDjl {

    private OfflineDjl() {}

    static void enforce() {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
        System.setProperty("java.awt.headless", "true");
    }

    /** Intra-op threads of the PyTorch engine; only effective before the engine starts. */
    static void threads(int threads) {
        if (threads > 0) {
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
    }

    static int effectiveThreads() {
        String t = System.getProperty("ai.djl.pytorch.num_threads");
        return t == null ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(t);
    }
}
