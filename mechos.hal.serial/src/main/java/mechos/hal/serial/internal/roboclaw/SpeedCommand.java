package mechos.hal.serial.internal.roboclaw;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The latest motor speed target, handed from callers to the I/O thread, which it wakes; and which target the
 * controller acknowledged last, so a stop can wait for the controller's {@code 0xFF} on its zero.
 */
final class SpeedCommand {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Condition acked = lock.newCondition();
    private int m1;
    private int m2;
    private long version;
    private long ackedVersion;

    /** @return the version of this target */
    long set(int[] m1m2) {
        lock.lock();
        try {
            m1 = m1m2[0];
            m2 = m1m2[1];
            version++;
            changed.signalAll();
            return version;
        } finally {
            lock.unlock();
        }
    }

    /** The I/O thread: the controller acknowledged the target of {@code v}. */
    void acknowledged(long v) {
        lock.lock();
        try {
            if (v > ackedVersion) {
                ackedVersion = v;
                acked.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until the controller acknowledged the target of version {@code v} or a later one.
     *
     * @return true when it did within {@code nanos}
     */
    boolean awaitAcknowledged(long v, long nanos) throws InterruptedException {
        lock.lock();
        try {
            long left = nanos;
            while (ackedVersion < v) {
                if (left <= 0) {
                    return false;
                }
                left = acked.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** @return true when a zero target newer than {@code seenVersion} waits to be sent (a stop goes out first) */
    boolean zeroPending(long seenVersion) {
        lock.lock();
        try {
            return version != seenVersion && m1 == 0 && m2 == 0;
        } finally {
            lock.unlock();
        }
    }

    /** @return {M1, M2, version} */
    long[] get() {
        lock.lock();
        try {
            return new long[] { m1, m2, version };
        } finally {
            lock.unlock();
        }
    }

    /** Waits until a command newer than {@code seenVersion} arrives or {@code nanos} pass. */
    void awaitNewer(long seenVersion, long nanos) throws InterruptedException {
        lock.lock();
        try {
            long left = nanos;
            while (version == seenVersion && left > 0) {
                left = changed.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }
}
