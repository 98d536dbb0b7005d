package org.qnnlab.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.qnnlab.analysis.GradientStatistics;
import org.qnnlab.analysis.ensemble.CircuitSpec;
import org.qnnlab.analysis.ensemble.LocalEngine;
import org.qnnlab.sim.Boundary;
import org.qnnlab.sim.Simulator;
import org.qnnlab.sim.kernel.KernelType;

/**
 * {@code spark-submit} against a standalone cluster started here (a master and one 2-core worker on 127.0.0.1, child
 * JVMs from Spark's jars in {@code target/lib}), qnnlab's jars shipped by Spark ({@code --jars} and the application
 * jar): {@link ClusterCheck}'s 200 gradvar samples, computed on the worker's executor, are the local engine's bit for
 * bit. Skipped when {@code target/lib} is absent (it is copied before the tests, {@code ./mvnw package -pl java/spark
 * -am}). Takes about 30 s on a 2-core machine; every child process and the temporary directory are gone after it.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class StandaloneClusterTest {

    private static final Path LIB = Path.of("target", "lib");

    private static boolean sparkJars() throws Exception {
        if (!Files.isDirectory(LIB)) {
            return false;
        }
        try (Stream<Path> jars = Files.list(LIB)) {
            return jars.anyMatch(p -> p.getFileName().toString().startsWith("spark-core_"));
        }
    }

    @Test
    void sparkSubmitOnAStandaloneClusterGivesTheLocalEnginesBits() throws Exception {
        assumeTrue(sparkJars(), "no Spark jars in " + LIB.toAbsolutePath() + " to start a cluster from; "
                + "./mvnw -B package -pl java/spark -am copies them there");
        int samples = 200;
        long seed = 1;
        Simulator sim = Simulator.create(KernelType.VECTOR, 1);
        GradientStatistics.Sample local = GradientStatistics.sample(LocalEngine.INSTANCE, sim,
                CircuitSpec.ansatz("hea", ClusterCheck.QUBITS, ClusterCheck.LAYERS, Boundary.OPEN),
                GradientStatistics.cost("local", ClusterCheck.QUBITS), 0, samples, seed, 2);

        long t0 = System.nanoTime();
        Path dir;
        List<ProcessHandle> children;
        try (StandaloneCluster cluster = new StandaloneCluster(LIB, 2, "2g", 45)) {
            dir = cluster.dir();
            children = cluster.processes();
            List<Path> jars = StandaloneCluster.qnnlabJars(ClusterCheck.class.getName(), cluster.dir());
            StandaloneCluster.Submitted run = cluster.submit(ClusterCheck.class.getName(),
                    jars.subList(1, jars.size()), jars.getFirst(), List.of(Integer.toString(samples),
                            Long.toString(seed)), 75);
            String why = "\n---- spark-submit stdout\n" + run.out() + "---- spark-submit stderr\n"
                    + StandaloneCluster.tail(run.err()) + cluster.logs();
            assertEquals(0, run.exitCode(), "spark-submit failed" + why);

            children = Stream.concat(children.stream(), cluster.processes().stream()).distinct().toList();
            List<String> out = run.out().lines().toList();
            assertTrue(out.getFirst().startsWith("master " + cluster.masterUrl() + " "), out.getFirst() + why);
            assertTrue(out.contains("driver pid " + run.pid()), "the driver is not spark-submit's JVM" + why);
            List<String> executors = out.stream().filter(l -> l.startsWith("executor ")).toList();
            assertFalse(executors.isEmpty(), "no executor reported" + why);
            for (String e : executors) {
                assertTrue(e.endsWith(", kernel VECTOR, jdk.incubator.vector yes"), e + why);
                long pid = Long.parseLong(e.substring("executor pid ".length(), e.indexOf(',')));
                assertNotEquals(run.pid(), pid, "a task ran in the driver" + why);
                assertNotEquals(ProcessHandle.current().pid(), pid, why);
            }
            // the engine's executor options, appended to spark.executor.extraJavaOptions, end the JVM options
            List<String> commands = cluster.executorCommands();
            assertFalse(commands.isEmpty(), "no executor command line in the worker's directory" + why);
            String engineOptions = ('"' + SparkEngine.EXECUTOR_OPTIONS.replace(" ", "\" \"") + '"')
                    + " \"org.apache.spark.executor.CoarseGrainedExecutorBackend\"";
            for (String c : commands) {
                assertTrue(c.contains(engineOptions), c + why);
            }
            List<String> bits = out.stream().filter(l -> l.startsWith("sample ")).toList();
            assertEquals(samples, bits.size(), why);
            for (int s = 0; s < samples; s++) {
                assertEquals(String.format(Locale.ROOT, "sample %d %016x %016x", s,
                        Double.doubleToRawLongBits(local.losses()[s]),
                        Double.doubleToRawLongBits(local.gradients()[s])), bits.get(s), why);
            }
            assertEquals("result same bits as the local engine", out.getLast(), why);
            cliOnTheCluster(cluster, jars.getFirst());
            System.out.printf(Locale.ROOT, "standalone cluster: master up in %.1f s, worker registered in %.1f s, "
                    + "spark-submit ran %.1f s (%s; %s)%n", cluster.masterSeconds, cluster.workerSeconds,
                    run.seconds(), out.getFirst(), out.stream().filter(l -> l.startsWith("first job")).findFirst()
                            .orElse(""));
        }
        System.out.printf(Locale.ROOT, "standalone cluster test: %.1f s with the clean-up%n",
                (System.nanoTime() - t0) / 1e9);
        assertFalse(Files.exists(dir), dir + " left behind");
        assertEquals(List.of(), children.stream().filter(ProcessHandle::isAlive).toList(), "child processes left");
    }

    /**
     * {@code qnn analyze gradvar --engine spark --master spark://…} as {@code ./qnn} runs it (Spark's jars, the
     * engine's jar and the shaded {@code qnn.jar} on one class path; no spark-submit): the driver ships its own jars
     * and the cluster's results equal the local engine's. Skipped when {@code qnn.jar} was not built.
     */
    private static void cliOnTheCluster(StandaloneCluster cluster, Path engineJar) throws Exception {
        Path qnnJar = Path.of("..", "cli", "target", "qnn.jar");
        if (!Files.isRegularFile(qnnJar)) {
            System.out.println("standalone cluster: no " + qnnJar + " to run the CLI from; its check skipped");
            return;
        }
        Path local = cluster.dir().resolve("cli-local");
        Path remote = cluster.dir().resolve("cli-cluster");
        List<String> study = List.of("analyze", "gradvar", "--ansatz", "hva-tfim", "--qubits", "3..4", "--layers", "2",
                "--samples", "24", "--costs", "local", "--kernel", "vector", "--threads", "2");
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        cmd.addAll(StandaloneCluster.JVM_OPTIONS);
        cmd.addAll(List.of("-Dslf4j.provider=org.apache.logging.slf4j.SLF4JServiceProvider", "-cp",
                LIB.toAbsolutePath() + "/*" + java.io.File.pathSeparator + engineJar.toAbsolutePath()
                        + java.io.File.pathSeparator + qnnJar.toAbsolutePath(), "org.qnnlab.cli.Main"));
        List<String> onCluster = new java.util.ArrayList<>(cmd);
        onCluster.addAll(study);
        onCluster.addAll(List.of("--out", remote.toString(), "--engine", "spark", "--master", cluster.masterUrl()));
        Process p = new ProcessBuilder(onCluster).redirectErrorStream(true)
                .redirectOutput(cluster.dir().resolve("cli.log").toFile()).start();
        boolean ended = p.waitFor(90, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly();
        }
        String log = Files.readString(cluster.dir().resolve("cli.log"));
        assertTrue(ended && p.exitValue() == 0, "qnn on the cluster failed:\n" + StandaloneCluster.tail(log)
                + cluster.logs());
        assertEquals(0, org.qnnlab.cli.Main.run(java.util.stream.Stream.concat(study.stream(),
                Stream.of("--out", local.toString())).toArray(String[]::new)));
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        var a = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(local.resolve("gradvar.json").toFile());
        var b = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(remote.resolve("gradvar.json").toFile());
        a.remove("seconds");
        b.remove("seconds");
        assertEquals(a, b, "the cluster's gradvar.json");
        assertEquals(Files.readString(local.resolve("gradvar.csv")), Files.readString(remote.resolve("gradvar.csv")));
    }
}
