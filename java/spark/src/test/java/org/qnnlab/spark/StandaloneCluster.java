package org.qnnlab.spark;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Spark standalone cluster on this machine for tests: a master and one worker as child JVMs on 127.0.0.1, started
 * from Spark's jars in {@code target/lib} with a temporary {@code SPARK_HOME} whose {@code jars} is a link to them (the
 * worker launches executors through Spark's launcher, which looks there), and {@code spark-submit} as a third child
 * JVM. Everything lives in one temporary directory (logs, work and local directories, JVM temp files); {@link #close}
 * ends every child process, the executors included, and deletes it. A shutdown hook does the same if the JVM exits
 * first.
 */
final class StandaloneCluster implements AutoCloseable {

    /** JVM options of every child: qnnlab's, and JDK 25's warning about Spark's sun.misc.Unsafe calls silenced. */
    static final List<String> JVM_OPTIONS = List.of("--add-modules=jdk.incubator.vector",
            "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "-Xss4m");

    /** The master's and worker's: they only schedule, so C1 and a small serial heap start them about 20% sooner. */
    static final List<String> DAEMON_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx512m");

    private static final Pattern MASTER_URL = Pattern.compile("Starting Spark master at (spark://\\S+)");

    private final Path lib;
    private final Path dir;
    private final Path home;
    private final List<Process> processes = new ArrayList<>();
    private final Thread hook = new Thread(this::stopAll, "stop standalone cluster");
    private String masterUrl;
    private Process worker;

    /** Timings of the start, in seconds. */
    double masterSeconds;
    double workerSeconds;

    /**
     * Starts the master, then the worker with {@code cores} cores and {@code memory} ({@code 2g}), and waits until the
     * worker registered.
     *
     * @param lib Spark's jars ({@code target/lib})
     */
    StandaloneCluster(Path lib, int cores, String memory, long timeoutSeconds) throws IOException {
        this.lib = lib.toAbsolutePath();
        this.dir = Files.createTempDirectory("qnnlab-spark-cluster");
        Runtime.getRuntime().addShutdownHook(hook);
        boolean started = false;
        try {
            home = Files.createDirectories(dir.resolve("spark-home"));
            Files.createSymbolicLink(home.resolve("jars"), this.lib);
            Files.createDirectories(dir.resolve("tmp"));
            Files.createDirectories(dir.resolve("local"));
            long t0 = System.nanoTime();
            Process master = start("master", concat(DAEMON_OPTIONS, "-Dspark.master.rest.enabled=false"),
                    "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port", "0", "--webui-port", "0");
            String log = await(master, "master", "I have been elected leader", timeoutSeconds);
            Matcher m = MASTER_URL.matcher(log);
            if (!m.find()) {
                throw new IllegalStateException("no master URL in the master's log:\n" + tail(log));
            }
            masterUrl = m.group(1);
            long t1 = System.nanoTime();
            masterSeconds = (t1 - t0) / 1e9;
            worker = start("worker", DAEMON_OPTIONS, "org.apache.spark.deploy.worker.Worker", masterUrl,
                    "--host", "127.0.0.1", "--cores", Integer.toString(cores), "--memory", memory,
                    "--webui-port", "0", "--work-dir", dir.resolve("work").toString());
            await(worker, "worker", "Successfully registered with master", timeoutSeconds);
            workerSeconds = (System.nanoTime() - t1) / 1e9;
            started = true;
        } finally {
            if (!started) {
                close();
            }
        }
    }

    /** The master's URL, {@code spark://127.0.0.1:PORT}. */
    String masterUrl() {
        return masterUrl;
    }

    /** The child processes running now (master, worker, executors, spark-submit). */
    synchronized List<ProcessHandle> processes() {
        List<ProcessHandle> all = new ArrayList<>();
        for (Process p : processes) {
            all.add(p.toHandle());
            all.addAll(p.descendants().toList());
        }
        return all.stream().filter(ProcessHandle::isAlive).toList();
    }

    /** The temporary directory that holds everything. */
    Path dir() {
        return dir;
    }

    /** A finished {@code spark-submit}: exit code (-1 if it was stopped at the timeout), stdout, stderr. */
    record Submitted(int exitCode, String out, String err, long pid, double seconds) {
    }

    /**
     * Runs {@code spark-submit --master <this cluster> --deploy-mode client --class mainClass [--jars jars] appJar
     * args} and waits for it (at most {@code timeoutSeconds}; then it is stopped).
     */
    Submitted submit(String mainClass, List<Path> jars, Path appJar, List<String> args, long timeoutSeconds)
            throws IOException, InterruptedException {
        List<String> submit = new ArrayList<>(List.of("--master", masterUrl, "--deploy-mode", "client",
                "--class", mainClass));
        if (!jars.isEmpty()) {
            submit.add("--jars");
            submit.add(String.join(",", jars.stream().map(p -> p.toAbsolutePath().toString()).toList()));
        }
        submit.add(appJar.toAbsolutePath().toString());
        submit.addAll(args);
        Path out = dir.resolve("submit.out");
        Path err = dir.resolve("submit.err");
        long t0 = System.nanoTime();
        Process p = process(List.of(), "org.apache.spark.deploy.SparkSubmit", submit)
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        track(p);
        boolean done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (!done) {
            stop(p);
        }
        return new Submitted(done ? p.exitValue() : -1, Files.readString(out), Files.readString(err), p.pid(),
                seconds);
    }

    /** The command line of every executor the worker launched (the first line of its {@code stderr}). */
    List<String> executorCommands() throws IOException {
        Path work = dir.resolve("work");
        if (!Files.isDirectory(work)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(work)) {
            List<String> out = new ArrayList<>();
            for (Path f : files.filter(f -> f.getFileName().toString().equals("stderr")).sorted().toList()) {
                out.add(Files.readString(f).lines().findFirst().orElse(""));
            }
            return out;
        }
    }

    /** The last lines of the master's, the worker's and the executors' logs, for a failure message. */
    String logs() {
        StringBuilder b = new StringBuilder();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".log") || f.getFileName().toString()
                    .equals("stderr")).sorted().toList()) {
                b.append("==== ").append(dir.relativize(f)).append('\n').append(tail(Files.readString(f)));
            }
        } catch (IOException | UncheckedIOException e) {
            b.append("(logs unreadable: ").append(e).append(")\n");
        }
        return b.toString();
    }

    /** Stops the worker's executors, the worker, the master and any spark-submit, and deletes the directory. */
    @Override
    public void close() {
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs
        }
    }

    private synchronized void stopAll() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            stop(processes.get(i));
        }
        processes.clear();
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) { // does not follow the jars link
                for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            } catch (IOException | UncheckedIOException e) {
                System.err.println("could not delete " + dir + ": " + e);
            }
        }
    }

    /** Ends {@code p} and every process it started (a worker's executors), politely first. */
    private static void stop(Process p) {
        List<ProcessHandle> all = new ArrayList<>(p.descendants().toList());
        all.add(p.toHandle());
        all.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (ProcessHandle h : all) {
            try {
                h.onExit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        }
        for (ProcessHandle h : all) {
            if (h.isAlive()) {
                h.destroyForcibly();
            }
        }
    }

    private synchronized void track(Process p) {
        processes.add(p);
    }

    private Process start(String name, List<String> props, String mainClass, String... args) throws IOException {
        Path log = dir.resolve(name + ".log");
        Process p = process(props, mainClass, List.of(args)).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        track(p);
        return p;
    }

    /** {@code java <options> -cp lib/* mainClass args}, in the cluster's environment. */
    private ProcessBuilder process(List<String> props, String mainClass, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(JVM_OPTIONS);
        cmd.add("-Djava.io.tmpdir=" + dir.resolve("tmp"));
        cmd.addAll(props);
        cmd.add("-cp");
        cmd.add(lib + File.separator + "*");
        cmd.add(mainClass);
        cmd.addAll(args);
        ProcessBuilder b = new ProcessBuilder(cmd).directory(dir.toFile());
        Map<String, String> env = b.environment();
        env.keySet().removeIf(k -> k.startsWith("SPARK_") || k.startsWith("HADOOP_") || k.equals("CLASSPATH"));
        env.put("SPARK_HOME", home.toString());
        env.put("SPARK_SCALA_VERSION", "2.13");
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("SPARK_LOCAL_DIRS", dir.resolve("local").toString());
        return b;
    }

    /** Waits until {@code p}'s log holds {@code line}; returns the log. */
    private String await(Process p, String name, String line, long timeoutSeconds) throws IOException {
        Path log = dir.resolve(name + ".log");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (true) {
            String text = Files.exists(log) ? Files.readString(log) : "";
            if (text.contains(line)) {
                return text;
            }
            if (!p.isAlive()) {
                throw new IllegalStateException("the " + name + " exited with " + p.exitValue() + ":\n" + tail(text));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the " + name + " did not log '" + line + "' within " + timeoutSeconds
                        + " s:\n" + tail(text));
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for the " + name);
            }
        }
    }

    private static List<String> concat(List<String> a, String... b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(List.of(b));
        return out;
    }

    static String tail(String text) {
        String[] lines = text.split("\n");
        StringBuilder b = new StringBuilder();
        for (int i = Math.max(0, lines.length - 40); i < lines.length; i++) {
            b.append(lines[i]).append('\n');
        }
        return b.toString();
    }

    /**
     * qnnlab's classes on this JVM's class path as jars to ship: each jar as it is, each class directory jarred (a
     * module's {@code target/classes} in a reactor build); test classes and test jars left out. The first is the one
     * holding {@code mainClass}.
     */
    static List<Path> qnnlabJars(String mainClass, Path into) throws IOException {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String main = mainClass.replace('.', '/') + ".class";
        List<Path> jars = new ArrayList<>();
        for (String entry : cp.split(File.pathSeparator)) {
            Path p = Path.of(entry);
            String name = p.getFileName() == null ? "" : p.getFileName().toString();
            Path jar;
            if (Files.isDirectory(p) && Files.isDirectory(p.resolve("org/qnnlab")) && !name.equals("test-classes")) {
                // .../java/<module>/target/classes
                Path module = p.toAbsolutePath().getParent().getParent();
                jar = into.resolve("qnnlab-" + module.getFileName() + ".jar");
                jar(p, jar);
            } else if (name.startsWith("qnnlab-") && name.endsWith(".jar") && !name.endsWith("-tests.jar")) {
                jar = p;
            } else {
                continue;
            }
            if (Files.isDirectory(p) ? Files.exists(p.resolve(main)) : containsEntry(p, main)) {
                jars.addFirst(jar);
            } else {
                jars.add(jar);
            }
        }
        return jars;
    }

    private static boolean containsEntry(Path jar, String entry) throws IOException {
        try (var z = new java.util.zip.ZipFile(jar.toFile())) {
            return z.getEntry(entry) != null;
        }
    }

    private static void jar(Path classes, Path jar) throws IOException {
        try (OutputStream o = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(o);
                Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                j.putNextEntry(new JarEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
                try (InputStream in = Files.newInputStream(f)) {
                    in.transferTo(j);
                }
                j.closeEntry();
            }
        }
    }

    @Override
    public String toString() {
        return "standalone cluster " + masterUrl + " in " + dir;
    }
}
