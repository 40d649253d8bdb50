package mechos.hal.serial.internal.port;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortInvalidPortException;

/** Opens real ports with jSerialComm. */
public final class JSerialCommLinkFactory implements SerialLinkFactory {
    /** Linux errno EAGAIN/EWOULDBLOCK: flock held by another opener, or a non-blocking read found nothing. */
    static final int EWOULDBLOCK = 11;
    /** How often a waiting read polls the port for input. */
    static final long POLL_NANOS = 500_000;

    @Override
    public SerialLink open(PortSettings s) throws IOException {
        Path path = Paths.get(s.path());
        if (!Files.exists(path)) {
            throw new IOException("serial port " + s.path() + " does not exist");
        }
        SerialPort port;
        try {
            port = SerialPort.getCommPort(s.path());
        } catch (SerialPortInvalidPortException e) {
            throw new IOException("serial port " + s.path() + " is not valid: " + e.getMessage(), e);
        }
        port.setComPortParameters(s.baudRate(), s.dataBits(), stopBits(s.stopBits()), parity(s.parity()));
        // Non-blocking descriptor (O_NONBLOCK): a read never waits inside the OS, whatever VMIN/VTIME another opener
        // of the same tty sets; our own deadline bounds every wait (issue 13, defect 2).
        port.setComPortTimeouts(SerialPort.TIMEOUT_NONBLOCKING, 0, 0);
        // jSerialComm takes flock(LOCK_EX) on open by default: a second MechOS, or any program honouring flock,
        // cannot open the port while we hold it (screen/minicom use UUCP lock files, ModemManager neither).
        if (!port.openPort()) {
            int err = port.getLastErrorCode();
            throw new IOException("cannot open serial port " + s.path() + " (error " + err + " at "
                    + port.getLastErrorLocation() + (err == EWOULDBLOCK ? ": another program holds its lock" : "")
                    + ")");
        }
        return new JSerialCommLink(port, path, s.readTimeoutMs());
    }

    private static int stopBits(StopBits b) {
        return switch (b) {
            case ONE -> SerialPort.ONE_STOP_BIT;
            case ONE_POINT_FIVE -> SerialPort.ONE_POINT_FIVE_STOP_BITS;
            case TWO -> SerialPort.TWO_STOP_BITS;
        };
    }

    private static int parity(Parity p) {
        return switch (p) {
            case NONE -> SerialPort.NO_PARITY;
            case ODD -> SerialPort.ODD_PARITY;
            case EVEN -> SerialPort.EVEN_PARITY;
            case MARK -> SerialPort.MARK_PARITY;
            case SPACE -> SerialPort.SPACE_PARITY;
        };
    }

    /** One open jSerialComm port. */
    static final class JSerialCommLink implements SerialLink {
        private final SerialPort port;
        private final Path path;
        private final long readTimeoutNanos;
        private volatile boolean closed;

        JSerialCommLink(SerialPort port, Path path, int readTimeoutMs) {
            this.port = port;
            this.path = path;
            this.readTimeoutNanos = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(readTimeoutMs);
        }

        /**
         * Waits for input with our own deadline (never the port's VTIME, which any other opener can change), polling
         * the number of bytes available and reading only those from the non-blocking descriptor.
         */
        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            long deadline = System.nanoTime() + readTimeoutNanos;
            while (true) {
                if (closed) {
                    throw new IOException("serial port " + path + " was closed");
                }
                int available = port.bytesAvailable();
                if (available < 0) {
                    throw new IOException("serial port " + path + " failed on read (unplugged or closed)");
                }
                if (available > 0) {
                    int n = port.readBytes(buffer, Math.min(length, available), offset);
                    if (n > 0) {
                        return n;
                    }
                    if (n < 0 && port.getLastErrorCode() != EWOULDBLOCK) {
                        throw new IOException("serial port " + path + " failed on read (unplugged or closed)");
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || Thread.currentThread().isInterrupted()) {
                    // A pty whose other side went away, or a USB adapter that was unplugged, can also look like
                    // silence: the device node disappearing is the tell.
                    if (!Files.exists(path)) {
                        throw new IOException("serial port " + path + " vanished");
                    }
                    return 0;
                }
                java.util.concurrent.locks.LockSupport.parkNanos(Math.min(left, POLL_NANOS));
            }
        }

        @Override
        public void write(byte[] data) throws IOException {
            int n = port.writeBytes(data, data.length);
            if (n != data.length) {
                throw new IOException("serial port " + path + " wrote " + n + " of " + data.length + " bytes");
            }
        }

        @Override
        public void discardInput() throws IOException {
            byte[] scratch = new byte[256];
            int available = port.bytesAvailable();
            if (available < 0) {
                throw new IOException("serial port " + path + " failed (unplugged or closed)");
            }
            while (available > 0) {
                int n = port.readBytes(scratch, Math.min(available, scratch.length));
                if (n <= 0) {
                    break;
                }
                available = port.bytesAvailable();
            }
        }

        @Override
        public boolean setDtr(boolean asserted) {
            return asserted ? port.setDTR() : port.clearDTR();
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                port.closePort();
            }
        }

        @Override
        public String toString() {
            return path.toString();
        }
    }
}
