package mechos.hal.serial.internal.port;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import com.fazecast.jSerialComm.SerialPort;

/**
 * The device end of a {@link SocatPair}: a thread that reads what the driver sends and answers like the real
 * device would. Subclasses implement the protocol from its published description.
 */
public abstract class DeviceEmulator implements AutoCloseable {
    private final SerialPort port;
    private final Thread thread;
    private final Thread ticker;
    private volatile boolean running = true;

    protected DeviceEmulator(Path path, String name) throws IOException {
        port = SerialPort.getCommPort(path.toString());
        port.setComPortParameters(115200, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
        port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, 5, 0);
        if (!port.openPort()) {
            throw new IOException("emulator cannot open " + path + ": " + port.getLastErrorCode());
        }
        thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        ticker = new Thread(this::tickLoop, name + "-ticker");
        ticker.setDaemon(true);
    }

    public final DeviceEmulator start() {
        thread.start();
        ticker.start();
        return this;
    }

    private void loop() {
        byte[] buf = new byte[1024];
        while (running) {
            int n = port.readBytes(buf, buf.length);
            if (n < 0) {
                return; // the pty pair went away
            }
            if (n > 0) {
                received(buf, n);
            }
        }
    }

    /** Streaming does not depend on the read timeout of the port. */
    private void tickLoop() {
        while (running) {
            tick(System.nanoTime());
            java.util.concurrent.locks.LockSupport.parkNanos(2_000_000);
        }
    }

    /** Bytes from the driver. */
    protected abstract void received(byte[] data, int length);

    /** Called at least every few milliseconds (for streaming devices). */
    protected void tick(long nanos) {
    }

    protected final synchronized void send(byte[] data) {
        port.writeBytes(data, data.length);
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(2));
            ticker.join(TimeUnit.SECONDS.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        port.closePort();
    }
}
