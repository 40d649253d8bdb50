package mechos.fleet.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * A real Mosquitto broker for tests: a generated config on a free loopback port, persistence in a temporary
 * directory (so a restart keeps sessions and queued messages), started as a process and stopped by its PID.
 * Missing {@code mosquitto} skips outside CI and fails under {@code CI=true} (cnf/test-packages.txt installs it).
 */
final class Mosquitto implements AutoCloseable {
    private final Path dir;
    private final Path conf;
    final int port;
    private Process process;

    Mosquitto(Path dir, String extraConfig) throws IOException {
        this.dir = dir;
        this.port = freePort();
        this.conf = dir.resolve("mosquitto.conf");
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(conf, "listener " + port + " 127.0.0.1\n"
                + (extraConfig.contains("allow_anonymous") ? "" : "allow_anonymous true\n")
                // started as root, mosquitto drops to user "mosquitto", which cannot write our temp dir: stay us
                + "user " + System.getProperty("user.name") + "\n"
                + "persistence true\npersistence_location " + dir.resolve("data") + "/\n"
                + "log_dest file " + dir.resolve("mosquitto.log") + "\nlog_type all\nmax_queued_messages 10000\nset_tcp_nodelay true\n"
                + extraConfig);
    }

    static Path binary() {
        for (String d : List.of("/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin")) {
            Path p = Path.of(d, "mosquitto");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError("mosquitto is not installed (cnf/test-packages.txt lists it)");
        }
        Assumptions.assumeTrue(false, "mosquitto not installed: broker tests skipped outside CI");
        return null;
    }

    Mosquitto start() throws IOException {
        process = new ProcessBuilder(binary().toString(), "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return this;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IOException("mosquitto exited: " + Files.readString(dir.resolve("stdout.log")));
                }
                Waits.pause();
            }
        }
        throw new IOException("mosquitto did not listen on " + port + " within 10 s");
    }

    /** Stops it with SIGTERM (it saves its persistence) and waits for the exit. */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
