package mechos.hal.serial.internal.port;

import java.io.IOException;

/** Buffered, deadline-bounded reading from a {@link SerialLink}. Not thread-safe (one I/O thread). */
public final class LinkReader {
    private final SerialLink link;
    private final byte[] buffer = new byte[512];
    private int pos;
    private int end;

    public LinkReader(SerialLink link) {
        this.link = link;
    }

    /**
     * @return the next byte (0..255), or -1 when none arrived before {@code deadlineNanos} ({@link System#nanoTime()})
     * @throws IOException when the port is gone
     */
    public int read(long deadlineNanos) throws IOException {
        while (pos == end) {
            if (System.nanoTime() - deadlineNanos >= 0) {
                return -1;
            }
            pos = 0;
            end = link.read(buffer, 0, buffer.length);
        }
        return buffer[pos++] & 0xFF;
    }

    /** @return true when {@code out} was filled before the deadline */
    public boolean readFully(byte[] out, long deadlineNanos) throws IOException {
        for (int i = 0; i < out.length; i++) {
            int b = read(deadlineNanos);
            if (b < 0) {
                return false;
            }
            out[i] = (byte) b;
        }
        return true;
    }

    /**
     * Returns buffered bytes if there are any, else waits (at most the port's read timeout) for new ones.
     *
     * @return bytes copied into {@code out}, 0 when nothing arrived
     */
    public int readSome(byte[] out) throws IOException {
        if (pos == end) {
            pos = 0;
            end = link.read(buffer, 0, buffer.length);
        }
        int n = Math.min(out.length, end - pos);
        System.arraycopy(buffer, pos, out, 0, n);
        pos += n;
        return n;
    }

    /** Drops buffered and pending input (resynchronising after a bad reply). */
    public void discard() throws IOException {
        pos = 0;
        end = 0;
        link.discardInput();
    }

    public SerialLink link() {
        return link;
    }
}
