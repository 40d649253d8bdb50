package mechos.hal.serial.internal.port;

import java.util.Objects;

import mechos.hal.support.LinkSettings;

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
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("port.path must name a serial device, e.g. /dev/ttyUSB0");
        }
        if (baudRate <= 0) {
            throw new IllegalArgumentException("port.baud must be > 0, was " + baudRate);
        }
        if (dataBits < 5 || dataBits > 8) {
            throw new IllegalArgumentException("port.data.bits must be 5..8, was " + dataBits);
        }
        Objects.requireNonNull(parity, "port.parity");
        Objects.requireNonNull(stopBits, "port.stop.bits");
        if (readTimeoutMs <= 0) {
            throw new IllegalArgumentException("port.read.timeout.ms must be > 0, was " + readTimeoutMs);
        }
        if (writeTimeoutMs <= 0) {
            throw new IllegalArgumentException("port.write.timeout.ms must be > 0, was " + writeTimeoutMs);
        }
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
