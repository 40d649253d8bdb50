package mechos.kernel.internal.core;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import mechos.hal.api.Device;
import mechos.hal.api.DeviceException;
import mechos.kernel.internal.hw.DeviceCall;

/**
 * Whether the kernel still admits intents and motion: open from construction, closed exactly once, atomically, when
 * shutdown begins. Every {@code submit} and every motion call into a driver holds a permit while it runs;
 * {@link #closeAndDrain} refuses new permits and then waits (bounded) for those already held, so once it returns no
 * intent can be approved and no motion command can reach a driver any more: a safe-state command sent after it is
 * the last word to the hardware.
 *
 * <p>One {@link AtomicLong}: the high bit is "closed", the rest counts the permits held. A permit costs one
 * compare-and-set to take and one atomic add to give back, so the gate's hot path stays lock-free.
 */
final class Admission {
    private static final long CLOSED = 1L << 62;
    private static final long COUNT = CLOSED - 1;

    private final AtomicLong state = new AtomicLong();

    /** @return true with a permit the caller must give back with {@link #exit()}; false once closed (no permit) */
    boolean enter() {
        // compare-and-set, not increment-then-undo: refused callers must not keep the count above zero while
        // closeAndDrain waits for it to reach zero
        while (true) {
            long s = state.get();
            if ((s & CLOSED) != 0) {
                return false;
            }
            if (state.compareAndSet(s, s + 1)) {
                return true;
            }
        }
    }

    /** Gives back a permit taken by a successful {@link #enter()}. */
    void exit() {
        state.decrementAndGet();
    }

    boolean closed() {
        return (state.get() & CLOSED) != 0;
    }

    /**
     * Refuses every permit from now on, then waits until the permits taken before are given back.
     *
     * @return true when no permit is held any more; false when some were still held after {@code timeoutNanos}
     *         (a driver call stuck past its deadline: the dispatcher reports it, and its driver gets the safe state
     *         regardless)
     */
    boolean closeAndDrain(long timeoutNanos) {
        long s;
        do {
            s = state.get();
        } while ((s & CLOSED) == 0 && !state.compareAndSet(s, s | CLOSED));
        long deadline = System.nanoTime() + timeoutNanos;
        int spins = 0;
        while ((state.get() & COUNT) != 0) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            if (++spins < 100) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(50));
            }
        }
        return true;
    }

    /** @return the number of permits held now (for tests and logs) */
    long held() {
        return state.get() & COUNT;
    }

    /**
     * Wraps a motion call into a driver so that it runs only while admission is open, holding a permit; once closed
     * it is declined without touching the driver.
     */
    <D extends Device> DeviceCall<D> guard(DeviceCall<D> call) {
        return device -> {
            if (!enter()) {
                throw new DeviceException("kernel shutting down: motion command not sent");
            }
            try {
                call.call(device);
            } finally {
                exit();
            }
        };
    }
}
