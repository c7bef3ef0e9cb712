package dev.closedform.cli;

import dev.closedform.engine.EngineSettings;

/**
 * The CLI's JVM settings: DJL offline (as every library entry point also ensures) and a headless
 * AWT for the plots, before any DJL class loads.
 */
final class OfflineDjl {

    private OfflineDjl() {}

    static void enforce() {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
        System.setProperty("java.awt.headless", "true");
    }

    static void threads(int threads) {
        EngineSettings.setThreads(threads);
    }
}
