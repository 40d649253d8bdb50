package mechos.kernel.internal.bus;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import mechos.kernel.api.bus.Envelope;

/** One subscriber's queue: offered to by publishers (never blocking), drained by the subscriber's own thread. */
abstract class Queue {
    final AtomicLong dropped = new AtomicLong();
    final AtomicLong conflated = new AtomicLong();

    /** Never blocks. */
    abstract void offer(Envelope<?> e);

    /** Moves waiting envelopes to {@code out}, waiting up to {@code maxWaitNanos} when there are none. */
    abstract void drain(List<Envelope<?>> out, long maxWaitNanos) throws InterruptedException;

    abstract int size();

    abstract int capacity();

    /** Wakes a waiting drainer (on close). */
    abstract void wake(Thread consumer);

    static Queue latest() {
        return new Latest();
    }

    static Queue reliable(int capacity) {
        return new Reliable(Math.max(1, capacity));
    }

    private static final class Latest extends Queue {
        private final AtomicReference<Envelope<?>> slot = new AtomicReference<>();
        private volatile Thread consumer;

        @Override
        void offer(Envelope<?> e) {
            if (slot.getAndSet(e) != null) {
                conflated.incrementAndGet();
            }
            Thread t = consumer;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }

        @Override
        void drain(List<Envelope<?>> out, long maxWaitNanos) {
            consumer = Thread.currentThread();
            Envelope<?> e = slot.getAndSet(null);
            if (e == null) {
                LockSupport.parkNanos(this, maxWaitNanos);
                e = slot.getAndSet(null);
            }
            if (e != null) {
                out.add(e);
            }
        }

        @Override
        int size() {
            return slot.get() == null ? 0 : 1;
        }

        @Override
        int capacity() {
            return 1;
        }

        @Override
        void wake(Thread t) {
            LockSupport.unpark(t);
        }
    }

    private static final class Reliable extends Queue {
        private final ArrayBlockingQueue<Envelope<?>> queue;
        private final int capacity;

        Reliable(int capacity) {
            this.capacity = capacity;
            this.queue = new ArrayBlockingQueue<>(capacity);
        }

        @Override
        void offer(Envelope<?> e) {
            if (!queue.offer(e)) {
                dropped.incrementAndGet();
            }
        }

        @Override
        void drain(List<Envelope<?>> out, long maxWaitNanos) throws InterruptedException {
            // Take at most half the capacity at a time so that a stuck subscriber holds at most 1.5x capacity.
            int batch = Math.max(1, Math.min(512, capacity / 2));
            if (queue.drainTo(out, batch) == 0) {
                Envelope<?> e = queue.poll(maxWaitNanos, TimeUnit.NANOSECONDS);
                if (e != null) {
                    out.add(e);
                    queue.drainTo(out, batch - 1);
                }
            }
        }

        @Override
        int size() {
            return queue.size();
        }

        @Override
        int capacity() {
            return capacity;
        }

        @Override
        void wake(Thread t) {
            t.interrupt();
        }
    }

    static List<Envelope<?>> buffer() {
        return new ArrayList<>(512);
    }
}
