package dev.closedform.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** The Spark settings every closedform job needs: DJL offline in the driver and every executor. */
public final class SparkSessions {

    /** The JVM flags that keep DJL from contacting anything at start-up. */
    public static final String OFFLINE_FLAGS = "-Dai.djl.offline=true -DOPT_OUT_TRACKING=true";

    private SparkSessions() {}

    /**
     * A session on {@code master} ({@code local[N]}, {@code local-cluster[...]}, {@code spark://host:port}, ...)
     * with the offline flags appended to the driver and executor JVM options and set in the
     * executors' environment. Local masters bind the driver to loopback. The web UI is off.
     */
    public static SparkSession create(String master, String appName) {
        if (master == null || master.isBlank()) {
            throw new IllegalArgumentException("master must be set, e.g. local[2] or spark://host:7077");
        }
        SparkConf conf = withOfflineDjl(new SparkConf().setMaster(master).setAppName(appName)
                .setIfMissing("spark.ui.enabled", "false"));
        if (master.startsWith("local")) {
            conf.setIfMissing("spark.driver.host", "127.0.0.1").setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        return SparkSession.builder().config(conf).getOrCreate();
    }

    /** Appends {@link #OFFLINE_FLAGS} to the driver and executor Java options and sets the executor environment. */
    public static SparkConf withOfflineDjl(SparkConf conf) {
        for (String key : new String[] {"spark.driver.extraJavaOptions", "spark.executor.extraJavaOptions"}) {
            String current = conf.get(key, "");
            if (!current.contains("ai.djl.offline")) {
                conf.set(key, (current + " " + OFFLINE_FLAGS).trim());
            }
        }
        return conf.setIfMissing("spark.executorEnv.DJL_OFFLINE", "true")
                .setIfMissing("spark.executorEnv.OPT_OUT_TRACKING", "true");
    }
}
