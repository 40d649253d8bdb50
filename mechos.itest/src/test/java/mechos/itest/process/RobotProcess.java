package mechos.itest.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import mechos.itest.support.MechosTestSupport;

/** The exported robot jar running as a separate JVM, the way ./mechos starts it. */
final class RobotProcess implements AutoCloseable {
    final Process process;
    final int port;
    final long startNanos = System.nanoTime();
    private final StringBuffer output = new StringBuffer();
    private final Thread pump;

    private RobotProcess(Process process, int port) {
        this.process = process;
        this.port = port;
        this.pump = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null;) {
                    output.append(line).append('\n');
                }
            } catch (IOException e) {
                output.append("[output pump stopped: ").append(e).append("]\n");
            }
        }, "robot-output");
        pump.setDaemon(true);
        pump.start();
    }

    static RobotProcess start(Path home, int port, Map<String, String> extraEnv) throws IOException {
        return start(home, port, extraEnv, List.of());
    }

    /** @param jvmArgs extra JVM options (e.g. GC logging), before {@code -jar} */
    static RobotProcess start(Path home, int port, Map<String, String> extraEnv, List<String> jvmArgs)
            throws IOException {
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new ArrayList<>(List.of(java.toString(), "-Xmx256m"));
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-Dmechos.home=" + home, "-Dlaunch.storage.dir=" + home.resolve("felix"),
                "-Dorg.osgi.service.http.port=" + port, "-jar", MechosTestSupport.runJar().toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("MECHOS_CONSOLE_PASSWORD");
        pb.environment().remove("MECHOS_CONSOLE_USER");
        pb.environment().putAll(extraEnv);
        pb.directory(home.toFile());
        return new RobotProcess(pb.start(), port);
    }

    /**
     * Sends SIGTERM the way a service manager does. (Process.destroy() also sends SIGTERM but then closes our end of
     * the child's output, so nothing the robot prints while stopping could be checked.)
     */
    void sigterm() throws java.io.IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new AssertionError("kill -TERM " + process.pid() + " failed");
        }
    }

    /** Waits until the process's output is fully read (after it exited). */
    void awaitOutputDrained(java.time.Duration timeout) throws InterruptedException {
        pump.join(timeout.toMillis());
        if (pump.isAlive()) {
            throw new AssertionError("robot output still open " + timeout + " after exit");
        }
    }

    String output() {
        return output.toString();
    }

    private int marks;

    /**
     * Sends a Gogo command line to the robot's console on its standard input (the robot must run with
     * {@code -Dgosh.args=--noshutdown}, see {@link #GOGO_ON_STDIN}), followed by an echo of a unique mark.
     *
     * @return the mark whose appearance in the output ends the command's answer ({@link #awaitAnswer})
     */
    synchronized Answer send(String commandLine) {
        String mark = "@@" + (++marks) + "-" + process.pid() + "@@";
        int from = output.length();
        try {
            var in = process.getOutputStream();
            in.write((commandLine + "\ngogo:echo " + mark + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to the robot's console", e);
        }
        return new Answer(mark, from);
    }

    /** A command sent with {@link #send}: its mark and where the output stood when it was sent. */
    record Answer(String mark, int from) {
    }

    /** @return the console lines (not log lines) printed between sending the command and its mark */
    String awaitAnswer(Answer a, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            int at = output.indexOf(a.mark(), a.from());
            if (at >= 0) {
                StringBuilder b = new StringBuilder();
                for (String line : output.substring(a.from(), at).split("\n")) {
                    String l = line.startsWith("g! ") ? line.substring(3) : line;
                    if (!l.startsWith("{") && !l.matches("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} .*")) {
                        b.append(l).append('\n');
                    }
                }
                return b.toString();
            }
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("no answer within " + timeout + " (robot alive: " + process.isAlive() + ")");
            }
            pause(20);
        }
    }

    /** Runs one Gogo command line and returns its answer. */
    String shell(String commandLine, Duration timeout) {
        return awaitAnswer(send(commandLine), timeout);
    }

    /** JVM option that keeps Gogo reading commands from standard input ({@link #send}). */
    static final String GOGO_ON_STDIN = "-Dgosh.args=--noshutdown";

    String url(String page) {
        return "http://127.0.0.1:" + port + "/system/console/" + page;
    }

    /** @return time from start until the console answered (401 or 200) */
    Duration awaitConsole(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("robot exited with " + process.exitValue() + " before the console answered:\n"
                        + output());
            }
            int code = status("bundles", null, null);
            if (code == 401 || code == 200) {
                return Duration.ofNanos(System.nanoTime() - startNanos);
            }
            pause(20);
        }
        throw new AssertionError("console did not answer within " + timeout + ":\n" + output());
    }

    int status(String page, String user, String password) {
        return request("GET", page, user, password, null);
    }

    int post(String page, String user, String password, String form) {
        return request("POST", page, user, password, form);
    }

    private int request(String method, String page, String user, String password, String form) {
        try {
            HttpURLConnection con = (HttpURLConnection) new URL(url(page)).openConnection();
            con.setConnectTimeout(1000);
            con.setReadTimeout(5000);
            con.setInstanceFollowRedirects(false);
            con.setRequestMethod(method);
            if (user != null) {
                con.setRequestProperty("Authorization", "Basic "
                        + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
            }
            if (form != null) {
                // Not a browser page (no Origin/Referer): the console's CSRF guard wants the user's token.
                con.setRequestProperty("X-MechOS-CSRF", token(user, password));
                con.setDoOutput(true);
                con.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
                con.getOutputStream().write(form.getBytes(StandardCharsets.UTF_8));
            }
            int code = con.getResponseCode();
            con.disconnect();
            return code;
        } catch (IOException e) {
            return -1;
        }
    }

    /** @return "status Location" of a GET of the server root (no login) */
    String root() throws IOException {
        HttpURLConnection con = (HttpURLConnection) new URL("http://127.0.0.1:" + port + "/").openConnection();
        con.setConnectTimeout(1000);
        con.setReadTimeout(5000);
        con.setInstanceFollowRedirects(false);
        try {
            return con.getResponseCode() + " " + con.getHeaderField("Location");
        } finally {
            con.disconnect();
        }
    }

    /**
     * @return the user's CSRF token for state-changing requests ({@code GET mechos/token.txt}); waits (up to 60 s) for
     *         the MechOS page, which starts after the console itself
     */
    String token(String user, String password) throws IOException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (true) {
            HttpURLConnection con = (HttpURLConnection) new URL(url("mechos/token.txt")).openConnection();
            con.setConnectTimeout(1000);
            con.setReadTimeout(5000);
            con.setRequestProperty("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
            try {
                int code = con.getResponseCode();
                if (code == 200) {
                    return new String(con.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                }
                if (code == 401 || System.nanoTime() > deadline) {
                    throw new AssertionError("no CSRF token for " + user + ": GET mechos/token.txt answered " + code);
                }
            } finally {
                con.disconnect();
            }
            pause(200);
        }
    }

    /** @return resident set size in KiB, from /proc */
    long residentKiB() {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            return -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void pause(long millis) {
        try {
            java.util.concurrent.TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor();
        }
        pump.join(2000);
    }
}
