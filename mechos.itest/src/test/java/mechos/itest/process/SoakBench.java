package mechos.itest.process;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import mechos.itest.support.MechosTestSupport;

/**
 * Issue 18's soak (hand-run, not in the test suite: failsafe includes only *IT). The exported jar runs for
 * {@code -Dsoak.minutes} (default 60): simulator, default patrol, recorder on, a loopback Ollama stand-in
 * answering valid and invalid replies in turn, the MechOS page's state polled every second, and the simulator's
 * driver bundle stopped and started every {@code -Dsoak.bounceMinutes} (default 5). Every 30 s it samples RSS,
 * the smallest heap after a collection (from the robot's GC log: nothing is forced), threads, open file descriptors, safety-tick gap p99/max, bus drops, memory-store
 * health and recording size into {@code target/itest-work/soak/samples.csv}; {@code bench/soak/run.sh} plots them.
 *
 * <p>It fails if the process dies, if a reliable bus message is dropped, or if heap-after-GC, threads or file
 * descriptors keep growing: the mean of the last third of the samples may exceed the mean of the middle third by
 * at most 10 % (plus a small absolute slack), i.e. after warm-up nothing grows without bound.
 *
 * <p>Run: {@code bench/soak/run.sh [minutes]}.
 */
class SoakBench {
    private static final String PASSWORD = "soak-secret-1";

    @Test
    void soak() throws Exception {
        long minutes = Long.getLong("soak.minutes", 60);
        long bounceMinutes = Long.getLong("soak.bounceMinutes", 5);
        Path out = MechosTestSupport.workDir().resolve("soak");
        Files.createDirectories(out);
        Path home = Files.createTempDirectory(out, "home-");
        try (StandIn llm = new StandIn()) {
            Files.createDirectories(home.resolve("conf"));
            Files.writeString(home.resolve("conf/mechos.runtime.llm.ollama.cfg"),
                    "base.url=http://127.0.0.1:" + llm.port() + "\nmodel=soak-llm\n");
            Files.writeString(home.resolve("conf/mechos.memory.recorder.cfg"), "record=true\ntopics=\nfsync=false\n");
            int port = MechosTestSupport.freePort();
            Path gcLog = home.resolve("gc.log");
            try (RobotProcess robot = RobotProcess.start(home, port, Map.of("MECHOS_CONSOLE_PASSWORD", PASSWORD),
                    List.of("-Xlog:gc:file=" + gcLog))) {
                robot.awaitConsole(Duration.ofMinutes(2));
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
                String auth = "Basic " + Base64.getEncoder()
                        .encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
                String base = "http://127.0.0.1:" + port + "/system/console/";
                List<Map<String, Double>> samples = new ArrayList<>();
                StringBuilder csv = new StringBuilder("minute,rss_mib,heap_after_gc_mib,threads,fds,tick_gap_p99_ms,"
                        + "tick_gap_max_ms,bus_dropped,memory_store_ok,recording_mib,page_polls,page_failures,"
                        + "llm_requests,bundle_bounces\n");
                long start = System.nanoTime();
                long end = start + TimeUnit.MINUTES.toNanos(minutes);
                long nextSample = start;
                long nextBounce = start + TimeUnit.MINUTES.toNanos(bounceMinutes);
                long polls = 0;
                long pollFailures = 0;
                int bounces = 0;
                long histogramAt = start + TimeUnit.MINUTES.toNanos(Math.max(1, Math.min(5, minutes / 6)));
                Map<String, long[]> firstHistogram = null;
                while (System.nanoTime() < end) {
                    if (firstHistogram == null && System.nanoTime() >= histogramAt) {
                        firstHistogram = liveHistogram(robot.process.pid(), out.resolve("histogram-start.txt"));
                    }
                    if (!robot.process.isAlive()) {
                        throw new AssertionError("robot died after " + elapsedMinutes(start) + " min:\n"
                                + tail(robot.output()));
                    }
                    polls++;
                    if (get(http, base + "mechos/state.json", auth) != 200) {
                        pollFailures++;
                    }
                    if (System.nanoTime() >= nextBounce) {
                        bounce(http, base, auth, port);
                        bounces++;
                        nextBounce += TimeUnit.MINUTES.toNanos(bounceMinutes);
                    }
                    if (System.nanoTime() >= nextSample) {
                        Map<String, Double> s = sample(robot, http, base, auth, home, gcLog);
                        s.put("page_polls", (double) polls);
                        s.put("page_failures", (double) pollFailures);
                        s.put("llm_requests", (double) llm.requests.get());
                        s.put("bundle_bounces", (double) bounces);
                        double minute = elapsedMinutes(start);
                        samples.add(s);
                        csv.append(String.format(java.util.Locale.ROOT, "%.2f", minute));
                        for (String k : List.of("rss_mib", "heap_after_gc_mib", "threads", "fds", "tick_gap_p99_ms",
                                "tick_gap_max_ms", "bus_dropped", "memory_store_ok", "recording_mib", "page_polls",
                                "page_failures", "llm_requests", "bundle_bounces")) {
                            csv.append(',').append(String.format(java.util.Locale.ROOT, "%.3f",
                                    s.getOrDefault(k, Double.NaN)));
                        }
                        csv.append('\n');
                        Files.writeString(out.resolve("samples.csv"), csv);
                        nextSample += TimeUnit.SECONDS.toNanos(30);
                    }
                    RobotProcess.pause(1000);
                }
                Files.writeString(out.resolve("robot-output-tail.txt"), tail(robot.output()));
                Map<String, long[]> lastHistogram = liveHistogram(robot.process.pid(),
                        out.resolve("histogram-end.txt"));
                verdict(samples, out, firstHistogram, lastHistogram);
            }
        }
    }

    private static double elapsedMinutes(long start) {
        return (System.nanoTime() - start) / 60e9;
    }

    private static String tail(String s) {
        return s.length() > 20_000 ? s.substring(s.length() - 20_000) : s;
    }

    private static int get(HttpClient http, String url, String auth) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", auth)
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static String body(HttpClient http, String url, String auth) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", auth)
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Stops and starts the simulator's driver bundle through the Web Console, as an operator would. */
    private static void bounce(HttpClient http, String base, String auth, int port) throws Exception {
        for (String action : List.of("stop", "start")) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "bundles/mechos.hal.sim"))
                    .header("Authorization", auth).header("Origin", "http://127.0.0.1:" + port)
                    .header("Referer", base + "bundles")
                    .header("Content-Type", "application/x-www-form-urlencoded").timeout(Duration.ofSeconds(20))
                    .POST(HttpRequest.BodyPublishers.ofString("action=" + action)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new AssertionError("bundle " + action + " answered " + r.statusCode() + ": " + r.body());
            }
            RobotProcess.pause(2000);
        }
    }

    private static Map<String, Double> sample(RobotProcess robot, HttpClient http, String base, String auth,
            Path home, Path gcLog) throws Exception {
        Map<String, Double> s = new LinkedHashMap<>();
        long pid = robot.process.pid();
        s.put("rss_mib", robot.residentKiB() / 1024.0);
        s.put("threads", procStatus(pid, "Threads:"));
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            s.put("fds", (double) fds.count());
        }
        s.put("heap_after_gc_mib", heapAfterGc(gcLog));
        Map<String, Double> m = metrics(body(http, base + "mechos/metrics.txt", auth));
        s.put("tick_gap_p99_ms", m.getOrDefault("mechos_safety_tick_gap_p99_seconds", Double.NaN) * 1000);
        s.put("tick_gap_max_ms", m.getOrDefault("mechos_safety_tick_gap_max_seconds", Double.NaN) * 1000);
        s.put("bus_dropped", m.getOrDefault("mechos_bus_dropped_total", Double.NaN));
        s.put("memory_store_ok", m.getOrDefault("mechos_memory_store_ok", Double.NaN));
        s.put("recording_mib", directorySize(home.resolve("recordings")) / (1024.0 * 1024.0));
        return s;
    }

    /** Sums every sample of a family (label sets added up), from the Prometheus text format. */
    static Map<String, Double> metrics(String text) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                continue;
            }
            String name = brace >= 0 && brace < space ? line.substring(0, brace) : line.substring(0, space);
            try {
                m.merge(name.trim(), Double.parseDouble(line.substring(space + 1).trim()), Double::sum);
            } catch (NumberFormatException e) {
                m.putIfAbsent(name.trim(), Double.NaN);
            }
        }
        return m;
    }

    private static double procStatus(long pid, String key) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith(key)) {
                return Double.parseDouble(line.replaceAll("[^0-9]", ""));
            }
        }
        return Double.NaN;
    }

    private static final java.util.regex.Pattern GC_AFTER = java.util.regex.Pattern.compile("->(\\d+)M\\(");
    private static long gcLogRead;

    /**
     * The smallest heap after a collection since the last sample, from the robot's own GC log ({@code -Xlog:gc}):
     * nothing is forced (a forced full GC every 30 s would itself disturb the safety tick being measured).
     *
     * @return MiB, or NaN when no collection happened since the last sample
     */
    private static double heapAfterGc(Path gcLog) throws IOException {
        if (!Files.exists(gcLog)) {
            return Double.NaN;
        }
        byte[] all = Files.readAllBytes(gcLog);
        String fresh = new String(all, (int) Math.min(gcLogRead, all.length), (int) Math.max(0, all.length - gcLogRead),
                StandardCharsets.UTF_8);
        gcLogRead = all.length;
        double min = Double.NaN;
        java.util.regex.Matcher m = GC_AFTER.matcher(fresh);
        while (m.find()) {
            double v = Double.parseDouble(m.group(1));
            min = Double.isNaN(min) ? v : Math.min(min, v);
        }
        return min;
    }

    private static long directorySize(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    /**
     * The live heap by class ({@code jcmd GC.class_histogram}: a full collection, so only reachable objects count),
     * taken twice per run (after warm-up and at the end) because heap-after-young-GC also counts old-generation
     * garbage that no concurrent cycle has reclaimed yet. Key "" holds the totals.
     */
    private static Map<String, long[]> liveHistogram(long pid, Path file) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.class_histogram")
                .redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new AssertionError("jcmd GC.class_histogram failed: " + tail(text));
        }
        Files.writeString(file, text);
        Map<String, long[]> byClass = new java.util.HashMap<>();
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 4 && f[0].endsWith(":")) {
                byClass.put(f[3], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
            } else if (f.length >= 3 && "Total".equals(f[0])) {
                byClass.put("", new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
            }
        }
        return byClass;
    }

    /** After warm-up nothing may grow without bound; no reliable message may be dropped. */
    private static void verdict(List<Map<String, Double>> samples, Path out, Map<String, long[]> histStart,
            Map<String, long[]> histEnd) throws IOException {
        StringBuilder report = new StringBuilder();
        List<String> failures = new ArrayList<>();
        if (histStart != null && histStart.containsKey("") && histEnd.containsKey("")) {
            double a = histStart.get("")[1] / 1048576.0;
            double b = histEnd.get("")[1] / 1048576.0;
            boolean grows = b > a * 1.10 + 2.0;
            report.append(String.format(java.util.Locale.ROOT,
                    "live heap (full GC, class histogram): after warm-up %.1f MiB, at the end %.1f MiB%s%n", a, b,
                    grows ? "  GROWS" : ""));
            if (grows) {
                failures.add("live heap grew from " + a + " to " + b + " MiB");
            }
            report.append("classes whose live bytes grew most:\n");
            histEnd.entrySet().stream().filter(e -> !e.getKey().isEmpty())
                    .map(e -> Map.entry(e.getKey(), e.getValue()[1] - histStart.getOrDefault(e.getKey(),
                            new long[] {0, 0})[1]))
                    .sorted((x, y) -> Long.compare(y.getValue(), x.getValue())).limit(10)
                    .forEach(e -> report.append(String.format(java.util.Locale.ROOT, "  %+,d B  %s%n", e.getValue(),
                            e.getKey())));
        }
        int n = samples.size();
        if (n < 6) {
            throw new AssertionError("too few samples (" + n + ") for a verdict");
        }
        Map<String, Double> slack = Map.of("heap_after_gc_mib", 4.0, "threads", 3.0, "fds", 5.0, "rss_mib", 32.0);
        for (Map.Entry<String, Double> e : slack.entrySet()) {
            double middle = mean(samples.subList(n / 3, 2 * n / 3), e.getKey());
            double last = mean(samples.subList(2 * n / 3, n), e.getKey());
            boolean grows = last > middle * 1.10 + e.getValue();
            report.append(String.format(java.util.Locale.ROOT, "%s: middle third %.1f, last third %.1f%s%n",
                    e.getKey(), middle, last, grows ? "  GROWS" : ""));
            if (grows && !"rss_mib".equals(e.getKey())) { // RSS is reported; the JVM keeps freed heap mapped
                failures.add(e.getKey() + " grew from " + middle + " to " + last);
            }
        }
        double dropped = samples.get(n - 1).getOrDefault("bus_dropped", 0.0);
        report.append("bus dropped (all subscribers, cumulative): ").append(dropped).append('\n');
        report.append("page polls / failures: ").append(samples.get(n - 1).get("page_polls")).append(" / ")
                .append(samples.get(n - 1).get("page_failures")).append('\n');
        Files.writeString(out.resolve("verdict.txt"), report);
        if (!failures.isEmpty()) {
            throw new AssertionError("soak failed: " + failures + "\n" + report);
        }
    }

    private static double mean(List<Map<String, Double>> part, String key) {
        return part.stream().mapToDouble(s -> s.getOrDefault(key, Double.NaN)).filter(d -> !Double.isNaN(d))
                .average().orElse(Double.NaN);
    }

    /** A loopback Ollama stand-in: valid drive, valid stop, garbage, NaN speed, an unknown action, in turn. */
    private static final class StandIn implements AutoCloseable {
        private final HttpServer server;
        final AtomicLong requests = new AtomicLong();

        StandIn() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
            server.createContext("/api/chat", this::chat);
            server.start();
        }

        int port() {
            return server.getAddress().getPort();
        }

        private void chat(HttpExchange ex) throws IOException {
            ex.getRequestBody().readAllBytes();
            long i = requests.incrementAndGet();
            String content = switch ((int) (i % 5)) {
            case 0 -> "{\"rationale\":\"patrol\",\"intent\":{\"action\":\"drive\",\"linear\":0.2,\"angular\":0.3}}";
            case 1 -> "{\"rationale\":\"pause\",\"intent\":{\"action\":\"stop\",\"reason\":\"look around\"}}";
            case 2 -> "this is not json at all {";
            case 3 -> "{\"rationale\":\"x\",\"intent\":{\"action\":\"drive\",\"linear\":\"NaN\",\"angular\":0}}";
            default -> "{\"rationale\":\"x\",\"intent\":{\"action\":\"teleport\",\"x\":1}}";
            };
            String reply = "{\"model\":\"soak-llm\",\"message\":{\"role\":\"assistant\",\"content\":"
                    + com.fasterxml.jackson.databind.node.TextNode.valueOf(content).toString()
                    + "},\"done\":true,\"prompt_eval_count\":100,\"eval_count\":20}";
            byte[] bytes = reply.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, bytes.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(bytes);
            }
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
