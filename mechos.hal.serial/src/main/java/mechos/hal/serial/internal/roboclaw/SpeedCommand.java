package mechos.hal.serial.internal.roboclaw;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** The latest motor speed target, handed from callers to the I/O thread, which it wakes. */
final class SpeedCommand {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private int m1;
    private int m2;
    private long version;

    void set(int[] m1m2) {
        lock.lock();
        try {
            m1 = m1m2[0];
            m2 = m1m2[1];
            version++;
            changed.signalAll();
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
