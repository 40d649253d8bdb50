package mechos.runtime.internal.bt;

import java.util.function.LongSupplier;

import mechos.runtime.api.bt.Blackboard;
import mechos.runtime.api.bt.Node;
import mechos.runtime.api.bt.Status;

/** The decorator nodes: inverter, retry, timeout, rate limit. */
public final class Decorators {
    private Decorators() {
    }

    /** SUCCESS ↔ FAILURE; RUNNING stays RUNNING. */
    public static final class Inverter implements Node {
        private final Node child;

        public Inverter(Node child) {
            this.child = child;
        }

        @Override
        public String name() {
            return "inverter(" + child.name() + ")";
        }

        @Override
        public Status tick(Blackboard bb) {
            return switch (Nodes.tick(child, bb)) {
                case SUCCESS -> Status.FAILURE;
                case FAILURE -> Status.SUCCESS;
                case RUNNING -> Status.RUNNING;
            };
        }

        @Override
        public void halt() {
            Nodes.halt(child);
        }
    }

    /** Re-runs a failing child up to {@code attempts} times in total (the next attempt starts on the next tick). */
    public static final class Retry implements Node {
        private final Node child;
        private final int attempts;
        private int failures;

        public Retry(int attempts, Node child) {
            if (attempts < 1) {
                throw new IllegalArgumentException("retry attempts must be >= 1: " + attempts);
            }
            this.attempts = attempts;
            this.child = child;
        }

        @Override
        public String name() {
            return "retry(" + attempts + "," + child.name() + ")";
        }

        @Override
        public Status tick(Blackboard bb) {
            Status s = Nodes.tick(child, bb);
            if (s == Status.FAILURE) {
                failures++;
                if (failures < attempts) {
                    return Status.RUNNING;
                }
                failures = 0;
                return Status.FAILURE;
            }
            if (s == Status.SUCCESS) {
                failures = 0;
            }
            return s;
        }

        @Override
        public void halt() {
            failures = 0;
            Nodes.halt(child);
        }
    }

    /** Fails (halting the child) when the child has been RUNNING longer than the timeout. */
    public static final class Timeout implements Node {
        private final Node child;
        private final long timeoutNanos;
        private final LongSupplier clock;
        private long startedAt = -1;

        public Timeout(long timeoutMillis, Node child, LongSupplier clock) {
            this.timeoutNanos = timeoutMillis * 1_000_000L;
            this.child = child;
            this.clock = clock;
        }

        @Override
        public String name() {
            return "timeout(" + timeoutNanos / 1_000_000L + "," + child.name() + ")";
        }

        @Override
        public Status tick(Blackboard bb) {
            long now = clock.getAsLong();
            if (startedAt < 0) {
                startedAt = now;
            } else if (now - startedAt >= timeoutNanos) {
                halt();
                return Status.FAILURE;
            }
            Status s = Nodes.tick(child, bb);
            if (s != Status.RUNNING) {
                startedAt = -1;
            }
            return s;
        }

        @Override
        public void halt() {
            startedAt = -1;
            Nodes.halt(child);
        }
    }

    /**
     * Ticks a RUNNING child at most {@code hz} times per second; between those ticks it answers RUNNING without
     * ticking it (e.g. so a driving action renews its velocity lease without flooding the kernel).
     */
    public static final class RateLimit implements Node {
        private final Node child;
        private final long periodNanos;
        private final LongSupplier clock;
        private long lastTick = Long.MIN_VALUE;
        private Status last;

        public RateLimit(double hz, Node child, LongSupplier clock) {
            if (!(hz > 0)) {
                throw new IllegalArgumentException("rate limit must be > 0 Hz: " + hz);
            }
            this.periodNanos = (long) (1e9 / hz);
            this.child = child;
            this.clock = clock;
        }

        @Override
        public String name() {
            return "rate_limit(" + child.name() + ")";
        }

        @Override
        public Status tick(Blackboard bb) {
            long now = clock.getAsLong();
            if (last == Status.RUNNING && now - lastTick < periodNanos) {
                return Status.RUNNING;
            }
            lastTick = now;
            last = Nodes.tick(child, bb);
            return last;
        }

        @Override
        public void halt() {
            last = null;
            lastTick = Long.MIN_VALUE;
            Nodes.halt(child);
        }
    }
}
