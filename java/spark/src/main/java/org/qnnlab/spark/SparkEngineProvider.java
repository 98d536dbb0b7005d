package org.qnnlab.spark;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.qnnlab.analysis.ensemble.EnsembleEngine;
import org.qnnlab.analysis.ensemble.EnsembleEngineProvider;
import org.qnnlab.analysis.ensemble.EnsembleEngines;

/**
 * {@link java.util.ServiceLoader} entry of the {@code spark} engine. Options: {@value #MASTER} (the Spark master URL;
 * without it the engine joins the Spark context running in this JVM, else starts {@value #DEFAULT_MASTER}) and {@value #PARTITIONS} (how many Spark tasks the ensemble's tasks are cut into,
 * default four per core of the cluster, at most one per ensemble task). Both are checked before Spark starts.
 */
public final class SparkEngineProvider implements EnsembleEngineProvider {

    /** The engine's name. */
    public static final String NAME = "spark";

    /** Option: the master URL. */
    public static final String MASTER = "master";

    /** Option: the partition count. */
    public static final String PARTITIONS = "partitions";

    /** The default master: embedded, one worker thread per core. */
    public static final String DEFAULT_MASTER = "local[*]";

    private static final String ALLOWED_MASTERS = "local, local[N], local[*], local[N,F], local-cluster[N,C,M], "
            + "spark://HOST:PORT, yarn, k8s://URL";

    private static final Pattern MASTER_URL = Pattern.compile(
            "local(\\[([1-9][0-9]*|\\*)(,[1-9][0-9]*)?\\])?"
                    + "|local-cluster\\[[1-9][0-9]*,[1-9][0-9]*,[1-9][0-9]*\\]"
                    + "|spark://[^\\s:/,]+:[0-9]{1,5}(,[^\\s:/,]+:[0-9]{1,5})*"
                    + "|yarn"
                    + "|k8s://\\S+");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> options() {
        return List.of(MASTER, PARTITIONS);
    }

    /**
     * Checks the options, then starts (or joins) a Spark context.
     *
     * @throws IllegalArgumentException in one line for an unknown option, a master that is not a Spark master URL or a
     *     partition count that is not a whole number ≥ 1
     * @throws IllegalStateException in one line if Spark does not start
     */
    @Override
    public EnsembleEngine create(Map<String, String> options) {
        EnsembleEngines.checkOptions(NAME, options, options());
        String master = options.containsKey(MASTER) ? checkMaster(options.get(MASTER)) : null;
        int partitions = checkPartitions(options.get(PARTITIONS));
        if (master != null) {
            checkReachable(master, CONNECT_TIMEOUT_MS);
        }
        return SparkEngine.start(master, partitions);
    }

    /**
     * The master URL, stripped, if it has one of Spark's forms.
     *
     * @throws IllegalArgumentException naming the value and the allowed forms
     */
    public static String checkMaster(String master) {
        String m = master == null ? "" : master.strip();
        if (!MASTER_URL.matcher(m).matches()) {
            throw new IllegalArgumentException("master '" + master + "' is not a Spark master URL; allowed: "
                    + ALLOWED_MASTERS);
        }
        return m;
    }

    /** How long {@link #checkReachable} waits for a standalone master to accept a connection. */
    public static final int CONNECT_TIMEOUT_MS = 10_000;

    /**
     * For a standalone master ({@code spark://HOST:PORT[,HOST:PORT…]}), checks that one of its addresses accepts a
     * TCP connection before Spark starts: Spark itself retries an unreachable master for a minute, logging a stack
     * trace every 20 s, and then stops. Other masters are left to Spark.
     *
     * @throws IllegalStateException in one line naming the master and why no address answered
     */
    static void checkReachable(String master, int timeoutMs) {
        if (!master.startsWith("spark://")) {
            return;
        }
        String why = "";
        for (String hostPort : master.substring("spark://".length()).split(",")) {
            int colon = hostPort.lastIndexOf(':');
            String host = hostPort.substring(0, colon);
            int port = Integer.parseInt(hostPort.substring(colon + 1));
            try (java.net.Socket socket = new java.net.Socket()) {
                socket.connect(new java.net.InetSocketAddress(host, port), timeoutMs);
                return;
            } catch (java.io.IOException | IllegalArgumentException e) {
                why = hostPort + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            }
        }
        throw new IllegalStateException("cannot reach the Spark master " + master + " (" + why + "); start it (see "
                + "java/spark/README.md, \"Running a study on a cluster\") or check --master");
    }

    /** 0 (automatic) when absent, else a whole number ≥ 1. */
    private static int checkPartitions(String text) {
        if (text == null) {
            return 0;
        }
        try {
            int p = Integer.parseInt(text.strip());
            if (p >= 1) {
                return p;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalArgumentException("partitions '" + text + "' out of range; allowed: a whole number 1 or "
                + "more");
    }
}
