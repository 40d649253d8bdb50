package mechos.hal.serial.internal.port;

import java.util.Objects;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

import mechos.hal.support.LinkSettings;
import mechos.platform.api.ConfigurationChecks;

/**
 * How to open one serial port. Immutable; a configuration change produces a new instance and the device worker
 * reopens the port lazily when it sees one.
 *
 * @param path           device path, e.g. {@code /dev/ttyUSB0} or a udev/socat symlink
 * @param baudRate       bits per second
 * @param dataBits       5..8
 * @param parity         parity
 * @param stopBits       stop bits
 * @param readTimeoutMs  how long one read waits for the first byte before returning nothing
 * @param writeTimeoutMs how long one write may block
 * @param watchdogMs     how long one call into the port (open, read, write) may take before the I/O watchdog
 *                       declares the device FAULT and closes the port; must exceed the read timeout
 */
public record PortSettings(String path, int baudRate, int dataBits, Parity parity, StopBits stopBits,
        int readTimeoutMs, int writeTimeoutMs, int watchdogMs) implements LinkSettings {

    /** Default I/O watchdog when none is configured: 150 ms, or three read timeouts when that is longer. */
    public static int defaultWatchdogMs(int readTimeoutMs) {
        return Math.max(150, 3 * readTimeoutMs);
    }

    public PortSettings(String path, int baudRate, int dataBits, Parity parity, StopBits stopBits, int readTimeoutMs,
            int writeTimeoutMs) {
        this(path, baudRate, dataBits, parity, stopBits, readTimeoutMs, writeTimeoutMs,
                defaultWatchdogMs(readTimeoutMs));
    }

    /** @throws IllegalArgumentException naming the configuration property that is wrong */
    public PortSettings {
        checkPath(path);
        checkBaud(baudRate);
        checkDataBits(dataBits);
        Objects.requireNonNull(parity, "port.parity");
        Objects.requireNonNull(stopBits, "port.stop.bits");
        checkReadTimeout(readTimeoutMs);
        checkWriteTimeout(writeTimeoutMs);
        checkWatchdog(watchdogMs, readTimeoutMs);
    }

    /**
     * The port's rules one by one, each naming its keys (both drivers configure a port with the same keys): the
     * checks of the constructor. Each value is read inside its rule.
     */
    public static void rules(ConfigurationChecks rules, Supplier<String> path, IntSupplier baudRate, IntSupplier dataBits,
            IntSupplier readTimeoutMs, IntSupplier writeTimeoutMs, IntSupplier watchdogMs) {
        rules.check(() -> checkPath(path.get()), "port.path");
        rules.check(() -> checkBaud(baudRate.getAsInt()), "port.baud");
        rules.check(() -> checkDataBits(dataBits.getAsInt()), "port.data.bits");
        rules.check(() -> checkReadTimeout(readTimeoutMs.getAsInt()), "port.read.timeout.ms");
        rules.check(() -> checkWriteTimeout(writeTimeoutMs.getAsInt()), "port.write.timeout.ms");
        rules.check(() -> checkWatchdog(watchdogMs.getAsInt(), readTimeoutMs.getAsInt()), "io.watchdog.ms",
                "port.read.timeout.ms");
    }

    private static void checkPath(String path) {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("port.path must name a serial device, e.g. /dev/ttyUSB0");
        }
    }

    private static void checkBaud(int baudRate) {
        if (baudRate <= 0) {
            throw new IllegalArgumentException("port.baud must be > 0, was " + baudRate);
        }
    }

    private static void checkDataBits(int dataBits) {
        if (dataBits < 5 || dataBits > 8) {
            throw new IllegalArgumentException("port.data.bits must be 5..8, was " + dataBits);
        }
    }

    private static void checkReadTimeout(int readTimeoutMs) {
        if (readTimeoutMs <= 0) {
            throw new IllegalArgumentException("port.read.timeout.ms must be > 0, was " + readTimeoutMs);
        }
    }

    private static void checkWriteTimeout(int writeTimeoutMs) {
        if (writeTimeoutMs <= 0) {
            throw new IllegalArgumentException("port.write.timeout.ms must be > 0, was " + writeTimeoutMs);
        }
    }

    private static void checkWatchdog(int watchdogMs, int readTimeoutMs) {
        if (watchdogMs <= readTimeoutMs) {
            throw new IllegalArgumentException("io.watchdog.ms (" + watchdogMs + ") must be > port.read.timeout.ms ("
                    + readTimeoutMs + ")");
        }
    }

    /** 8N1 with the given timeouts. */
    public static PortSettings of(String path, int baudRate, int readTimeoutMs) {
        return new PortSettings(path, baudRate, 8, Parity.NONE, StopBits.ONE, readTimeoutMs, 200);
    }

    @Override
    public String address() {
        return path;
    }

    @Override
    public String toString() {
        return path + " " + baudRate + " " + dataBits + parity.name().charAt(0)
                + (stopBits == StopBits.ONE ? "1" : stopBits == StopBits.TWO ? "2" : "1.5");
    }
}
