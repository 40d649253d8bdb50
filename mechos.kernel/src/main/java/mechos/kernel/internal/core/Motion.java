package mechos.kernel.internal.core;

import java.util.concurrent.atomic.AtomicReference;

/** The velocity currently commanded to the drive base, with its lease. Replaced atomically as a whole. */
final class Motion {
    /** @param leaseUntilNanos {@link System#nanoTime()} at which the command expires */
    record Command(String driveId, double linear, double angular, long leaseUntilNanos, String intentId) {
        boolean moving() {
            return linear != 0 || angular != 0;
        }
    }

    static final Command IDLE = new Command(null, 0, 0, Long.MAX_VALUE, null);

    private final AtomicReference<Command> current = new AtomicReference<>(IDLE);

    Command current() {
        return current.get();
    }

    void set(Command c) {
        current.set(c);
    }

    /** Replaces {@code expected} only if nothing newer was commanded meanwhile. */
    boolean replace(Command expected, Command next) {
        return current.compareAndSet(expected, next);
    }

    void idle() {
        current.set(IDLE);
    }
}
