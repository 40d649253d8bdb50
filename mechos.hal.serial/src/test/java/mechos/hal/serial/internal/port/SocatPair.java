package mechos.hal.serial.internal.port;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A pseudo-terminal pair made by {@code socat}: the driver opens {@link #driverSide()}, a device emulator the
 * other end. {@link #kill()} makes the port vanish mid-run (both links disappear); {@link #start()} brings it back
 * under the same names.
 */
public final class SocatPair implements AutoCloseable {
    private final Path driverSide;
    private final Path deviceSide;
    private Process process;

    public SocatPair(Path dir) {
        this.driverSide = dir.resolve("ttyDriver");
        this.deviceSide = dir.resolve("ttyDevice");
    }

    public Path driverSide() {
        return driverSide;
    }

    public Path deviceSide() {
        return deviceSide;
    }

    /** Starts socat and waits (polling, bounded) until both links exist. */
    public synchronized SocatPair start() throws IOException {
        if (process != null && process.isAlive()) {
            return this;
        }
        process = new ProcessBuilder("socat", "-d", "-d", "pty,raw,echo=0,link=" + driverSide,
                "pty,raw,echo=0,link=" + deviceSide).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!(Files.exists(driverSide) && Files.exists(deviceSide))) {
            if (!process.isAlive()) {
                throw new IOException("socat exited with " + process.exitValue() + " (is socat installed?)");
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("socat did not create " + driverSide + " and " + deviceSide + " in 10 s");
            }
            Thread.onSpinWait();
        }
        return this;
    }

    /** Kills socat (the port vanishes) and waits until it is gone and its links are removed. */
    public synchronized void kill() throws IOException {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
        // socat removes its links on SIGTERM; make sure, so a restart recreates them
        Files.deleteIfExists(driverSide);
        Files.deleteIfExists(deviceSide);
    }

    @Override
    public void close() throws IOException {
        kill();
    }
}
