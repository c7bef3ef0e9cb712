package dev.closedform.experiments.report;

/** Reports render on servers and in CI without a display; AWT must know before it starts. */
final class Headless {

    private Headless() {}

    static void ensure() {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }
}
