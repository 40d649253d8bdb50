package mechos.hal.serial.internal.rplidar;

import java.util.function.Consumer;

/**
 * Splits the byte stream of a running scan into {@link ScanNode}s. A 5-byte window whose start or check bits
 * do not hold is not a node: its first byte is dropped and counted, and the parser re-synchronises on the next
 * byte. Garbage, truncated nodes and line noise therefore cost a few rejected bytes, never an exception.
 * Not thread-safe (one I/O thread).
 */
public final class ScanNodeParser {
    private final byte[] window = new byte[RplidarProtocol.SCAN_NODE_LENGTH];
    private int pending;
    private volatile long acceptedNodes;
    private volatile long rejectedBytes;

    /** Feeds received bytes; calls {@code sink} for every node found, in order. */
    public void feed(byte[] data, int offset, int length, Consumer<ScanNode> sink) {
        for (int i = offset; i < offset + length; i++) {
            window[pending++] = data[i];
            while (pending == window.length) {
                ScanNode node = ScanNode.decode(window, 0);
                if (node != null) {
                    acceptedNodes++;
                    pending = 0;
                    sink.accept(node);
                } else {
                    rejectedBytes++;
                    System.arraycopy(window, 1, window, 0, window.length - 1);
                    pending--;
                }
            }
        }
    }

    /** Forgets a partial node (after a reconnect). */
    public void reset() {
        pending = 0;
    }

    public long acceptedNodes() {
        return acceptedNodes;
    }

    public long rejectedBytes() {
        return rejectedBytes;
    }

    /** @return bytes held that do not yet form a node */
    public int pendingBytes() {
        return pending;
    }
}
