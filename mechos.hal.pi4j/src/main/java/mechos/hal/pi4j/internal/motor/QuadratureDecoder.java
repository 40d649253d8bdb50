package mechos.hal.pi4j.internal.motor;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts quadrature transitions (4 per encoder line). Forward is A leading B: (A,B) = 00 → 10 → 11 → 01 → 00.
 * A transition that changes both channels at once (a missed edge) is counted as an error, not as motion.
 * Thread-safe: edges may arrive on Pi4J's event threads.
 */
public final class QuadratureDecoder {
    private final AtomicLong errors = new AtomicLong();
    private long count;
    private int phase;

    public QuadratureDecoder(boolean a, boolean b) {
        this.phase = phase(a, b);
    }

    private static int phase(boolean a, boolean b) {
        return a ? (b ? 2 : 1) : (b ? 3 : 0);
    }

    /** Feeds the current levels of both channels (after an edge on either). */
    public synchronized void update(boolean a, boolean b) {
        int next = phase(a, b);
        int step = Math.floorMod(next - phase, 4);
        if (step == 1) {
            count++;
        } else if (step == 3) {
            count--;
        } else if (step == 2) {
            errors.incrementAndGet();
        }
        phase = next;
    }

    public synchronized long count() {
        return count;
    }

    public long errors() {
        return errors.get();
    }
}
