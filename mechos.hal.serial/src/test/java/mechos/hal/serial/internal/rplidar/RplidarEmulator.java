package mechos.hal.serial.internal.rplidar;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

import mechos.hal.serial.internal.port.DeviceEmulator;

/**
 * An RPLIDAR A1 written from SLAMTEC's interface protocol description: STOP, RESET, GET_HEALTH, GET_INFO, SCAN
 * (standard 5-byte nodes). The simulated room is a spiral: a node at {@code a} degrees measures
 * {@link #distanceMm(double)}. One revolution of 180 nodes every 50 ms. Faults can be switched on.
 */
final class RplidarEmulator extends DeviceEmulator {
    enum Fault {
        NONE, GARBAGE, TRUNCATED, SILENT_SCAN, HEALTH_ERROR, NOISY
    }

    static final int NODES_PER_REVOLUTION = 180;
    private static final long REVOLUTION_NANOS = 50_000_000L;

    private final java.util.Random noise = new java.util.Random(13);
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    volatile Fault fault = Fault.NONE;
    private volatile boolean scanning;
    private volatile long nextRevolution;
    final AtomicInteger scanRequests = new AtomicInteger();
    final AtomicInteger stopRequests = new AtomicInteger();

    RplidarEmulator(Path path) throws IOException {
        super(path, "rplidar-emulator");
    }

    static double distanceMm(double angleDeg) {
        return 500 + 5 * angleDeg;
    }

    @Override
    protected synchronized void received(byte[] data, int length) {
        pending.write(data, 0, length);
        byte[] b = pending.toByteArray();
        int i = 0;
        while (i < b.length) {
            if ((b[i] & 0xFF) != RplidarProtocol.SYNC1) {
                i++;
                continue;
            }
            if (b.length - i < 2) {
                break;
            }
            int cmd = b[i + 1] & 0xFF;
            int size = 2;
            if (RplidarProtocol.hasPayload(cmd)) {
                if (b.length - i < 3 || b.length - i < 4 + (b[i + 2] & 0xFF)) {
                    break;
                }
                size = 4 + (b[i + 2] & 0xFF);
            }
            handle(cmd);
            i += size;
        }
        pending.reset();
        pending.write(b, i, b.length - i);
    }

    private void handle(int cmd) {
        switch (cmd) {
            case RplidarProtocol.CMD_STOP, RplidarProtocol.CMD_RESET -> {
                stopRequests.incrementAndGet();
                scanning = false;
            }
            case RplidarProtocol.CMD_GET_HEALTH -> {
                send(new ResponseDescriptor(3, 0, RplidarProtocol.TYPE_HEALTH).encode());
                send(fault == Fault.HEALTH_ERROR ? new byte[] { 2, 0x34, 0x12 } : new byte[] { 0, 0, 0 });
            }
            case RplidarProtocol.CMD_GET_INFO -> {
                send(new ResponseDescriptor(20, 0, RplidarProtocol.TYPE_INFO).encode());
                byte[] info = new byte[20];
                info[0] = 0x18; // model A1M8
                info[1] = 29; // firmware minor
                info[2] = 1; // firmware major
                info[3] = 7; // hardware
                for (int k = 4; k < 20; k++) {
                    info[k] = (byte) k;
                }
                send(info);
            }
            case RplidarProtocol.CMD_SCAN, RplidarProtocol.CMD_FORCE_SCAN -> {
                scanRequests.incrementAndGet();
                send(new ResponseDescriptor(5, 1, RplidarProtocol.TYPE_SCAN).encode());
                scanning = true;
                nextRevolution = System.nanoTime();
            }
            default -> {
            }
        }
    }

    @Override
    protected void tick(long nanos) {
        if (!scanning || fault == Fault.SILENT_SCAN || nanos < nextRevolution) {
            return;
        }
        nextRevolution = nanos + REVOLUTION_NANOS;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < NODES_PER_REVOLUTION; i++) {
            double angle = i * 360.0 / NODES_PER_REVOLUTION;
            byte[] node = ScanNode.encode(47, angle, distanceMm(angle), i == 0);
            boolean damaged = i % 10 == 5;
            if (damaged && fault == Fault.TRUNCATED) {
                out.write(node, 0, 3);
                continue;
            }
            if (fault == Fault.NOISY && noise.nextDouble() < 0.2) {
                node[1] &= (byte) 0xFE; // a noisy line: the check bit of ~20 % of the nodes is wrong
            }
            if (damaged && fault == Fault.GARBAGE) {
                out.write(new byte[] { 0x00, (byte) 0xFE, 0x11 }, 0, 3);
            }
            out.write(node, 0, node.length);
        }
        send(out.toByteArray());
    }

    @Override
    public String toString() {
        return "RplidarEmulator" + Arrays.asList(fault, scanning);
    }
}
