package mechos.hal.serial.internal.port;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortInvalidPortException;

/** Opens real ports with jSerialComm. */
public final class JSerialCommLinkFactory implements SerialLinkFactory {

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
        port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING,
                s.readTimeoutMs(), s.writeTimeoutMs());
        if (!port.openPort()) {
            throw new IOException("cannot open serial port " + s.path() + " (error " + port.getLastErrorCode()
                    + " at " + port.getLastErrorLocation() + ")");
        }
        return new JSerialCommLink(port, path);
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
        private boolean closed;

        JSerialCommLink(SerialPort port, Path path) {
            this.port = port;
            this.path = path;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = port.readBytes(buffer, length, offset);
            if (n < 0) {
                throw new IOException("serial port " + path + " failed on read (unplugged or closed)");
            }
            // A pty whose other side went away, or a USB adapter that was unplugged, can also look like silence:
            // the device node disappearing is the tell.
            if (n == 0 && !Files.exists(path)) {
                throw new IOException("serial port " + path + " vanished");
            }
            return n;
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
