package mechos.kernel.internal.hw;

import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import mechos.hal.api.Device;
import mechos.hal.api.DeviceException;
import mechos.kernel.api.DispatchOutcome;
import mechos.kernel.api.DispatchResult;
import mechos.kernel.api.Kernel;

/**
 * Runs driver calls on a bounded pool with a deadline. Nobody waits on a call: a watchdog thread notices a call
 * that is still running at its deadline, reports it TIMED_OUT and interrupts it. A worker stuck for good in a hung
 * driver is replaced (up to a limit) so one hung driver cannot starve the others.
 *
 * <p>The watchdog is not woken per call (that would cost every command a second thread wake-up): it sleeps until
 * the earliest deadline of the calls in flight, and never longer than half the shortest deadline it has seen, so
 * a call that starts while it sleeps is still seen before its deadline.
 *
 * <p>Calls to one device run one at a time, in the order they were submitted (a device's <i>lane</i>): a stop
 * submitted after a velocity command can never overtake it, nor the reverse, whatever the pool size. A call that
 * passes its deadline releases its lane when it is reported TIMED_OUT, so a safety call queued behind a hung call
 * still runs (on another worker); other devices are never held up by one device's calls.
 */
final class Dispatcher implements DriverCalls {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    private static final int MAX_REPLACEMENTS = 16;
    private static final long MAX_IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(25);
    private static final int RUNNING = 0;
    private static final int FINISHED = 1;
    private static final int TIMED_OUT = 2;

    private final ThreadPoolExecutor pool;
    private final Thread watchdog;
    private final Set<InFlight> inFlight = ConcurrentHashMap.newKeySet();
    private volatile long idleNanos = MAX_IDLE_NANOS;
    private volatile boolean running = true;
    private volatile int baseThreads;
    private final AtomicInteger replaced = new AtomicInteger();
    private final ConcurrentHashMap<String, Lane> lanes = new ConcurrentHashMap<>();
    private final int laneCapacity;

    /** One device's calls not yet started, in submission order; at most one of its calls runs at a time. */
    private static final class Lane {
        private final ArrayDeque<LaneTask> waiting = new ArrayDeque<>();
        private boolean busy;
    }

    /** A call in a lane; {@link #release} lets the lane's next call start, exactly once. */
    private final class LaneTask implements Runnable {
        final Lane lane;
        final Runnable call;
        final Runnable refuse;
        final AtomicBoolean released = new AtomicBoolean();

        LaneTask(Lane lane, Runnable call, Runnable refuse) {
            this.lane = lane;
            this.call = call;
            this.refuse = refuse;
        }

        @Override
        public void run() {
            call.run();
        }

        void release() {
            if (released.compareAndSet(false, true)) {
                startNext(lane);
            }
        }
    }

    /** One call running in a driver: who runs it, until when, and who reports its outcome. */
    private static final class InFlight {
        final String deviceId;
        final String command;
        final String intentId;
        final long submitted;
        final long deadlineNanos;
        final long deadlineAt;
        final Thread worker;
        final Consumer<DispatchResult> done;
        final Runnable release;
        final AtomicInteger state = new AtomicInteger(RUNNING);
        /** Set by the watchdog once its interrupt of {@link #worker} has been delivered. */
        volatile boolean interruptSent;

        InFlight(String deviceId, String command, String intentId, long submitted, long deadlineNanos, long start,
                Consumer<DispatchResult> done, Runnable release) {
            this.deviceId = deviceId;
            this.command = command;
            this.intentId = intentId;
            this.submitted = submitted;
            this.deadlineNanos = deadlineNanos;
            this.deadlineAt = start + deadlineNanos;
            this.worker = Thread.currentThread();
            this.done = done;
            this.release = release;
        }
    }

    Dispatcher(int threads, int queueCapacity) {
        this.baseThreads = Math.max(1, threads);
        this.laneCapacity = Math.max(1, queueCapacity);
        this.pool = new ThreadPoolExecutor(baseThreads, baseThreads, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(Math.max(1, queueCapacity)), daemon("mechos-dispatch"),
                new ThreadPoolExecutor.AbortPolicy());
        this.watchdog = new Thread(this::watch, "mechos-dispatch-deadline");
        this.watchdog.setDaemon(true);
        this.watchdog.start();
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Submits a call; never blocks. {@code done} receives exactly one result (on a dispatch or deadline thread,
     * or on the caller's thread when the pool refuses the call). The deadline runs from when a worker starts
     * the call, so time spent queued behind other calls is not held against the driver. When a call that was
     * reported TIMED_OUT returns later on its own, {@code lateReturn} (may be null) is told; one that only ends
     * through the deadline's interrupt is logged, and the device stays hung until an operator reset retries it.
     */
    @Override
    public <D extends Device> void submit(D device, String deviceId, String command, String intentId,
            long deadlineNanos, DeviceCall<D> call, Consumer<DispatchResult> done, Runnable lateReturn) {
        long submitted = System.nanoTime();
        long deadline = Math.max(1, deadlineNanos);
        if (deadline / 2 < idleNanos) {
            idleNanos = Math.max(1, deadline / 2);
            LockSupport.unpark(watchdog);
        }
        Lane lane = lanes.computeIfAbsent(deviceId, k -> new Lane());
        LaneTask[] self = new LaneTask[1];
        Runnable refuse = () -> deliver(new DispatchResult(intentId, deviceId, command, DispatchOutcome.REFUSED,
                "dispatch executor saturated", System.nanoTime() - submitted), done);
        LaneTask task = new LaneTask(lane, () -> runCall(device, deviceId, command, intentId, submitted, deadline,
                call, done, lateReturn, self[0]::release), refuse);
        self[0] = task;
        boolean startNow;
        synchronized (lane) {
            if (lane.busy && lane.waiting.size() >= laneCapacity) {
                startNow = false;
                task = null;
            } else if (lane.busy) {
                lane.waiting.add(task);
                startNow = false;
            } else {
                lane.busy = true;
                startNow = true;
            }
        }
        if (task == null) {
            refuse.run(); // this device's lane is full
        } else if (startNow) {
            start(task);
        }
    }

    /** Hands a lane's call to the pool; a refused call is reported and the lane moves on. */
    private void start(LaneTask task) {
        try {
            pool.execute(task);
        } catch (RejectedExecutionException e) {
            task.refuse.run();
            task.release();
        }
    }

    /** The lane's current call is done (or timed out): start the next one, if any. */
    private void startNext(Lane lane) {
        LaneTask next;
        synchronized (lane) {
            next = lane.waiting.poll();
            if (next == null) {
                lane.busy = false;
            }
        }
        if (next != null) {
            start(next);
        }
    }

    private <D extends Device> void runCall(D device, String deviceId, String command, String intentId,
            long submitted, long deadlineNanos, DeviceCall<D> call, Consumer<DispatchResult> done,
            Runnable lateReturn, Runnable release) {
        long start = System.nanoTime();
        InFlight f = new InFlight(deviceId, command, intentId, submitted, deadlineNanos, start, done, release);
        inFlight.add(f);
        if (intentId != null) {
            MDC.put(Kernel.MDC_INTENT_ID, intentId);
        }
        MDC.put(Kernel.MDC_DEVICE_ID, deviceId);
        DispatchResult result;
        boolean returned = false; // the call came back on its own, without an exception
        boolean interruptSeen = false; // the call ended after (and because) the deadline's interrupt reached it
        try {
            call.call(device);
            returned = true;
            result = new DispatchResult(intentId, deviceId, command, DispatchOutcome.DONE, "",
                    System.nanoTime() - submitted);
        } catch (InterruptedException e) {
            interruptSeen = true;
            result = new DispatchResult(intentId, deviceId, command, DispatchOutcome.TIMED_OUT,
                    "interrupted at the deadline", System.nanoTime() - submitted);
        } catch (DeviceException e) {
            interruptSeen = Thread.currentThread().isInterrupted() || e.getCause() instanceof InterruptedException;
            LOG.warn("device {} declined {}: {}", deviceId, command, e.getMessage());
            result = new DispatchResult(intentId, deviceId, command, DispatchOutcome.UNAVAILABLE,
                    e.getMessage(), System.nanoTime() - submitted);
        } catch (Exception | LinkageError | AssertionError e) {
            interruptSeen = Thread.currentThread().isInterrupted() || e.getCause() instanceof InterruptedException;
            LOG.warn("driver of device {} threw on {}", deviceId, command, e);
            result = new DispatchResult(intentId, deviceId, command, DispatchOutcome.FAILED,
                    e.getClass().getSimpleName() + ": " + e.getMessage(), System.nanoTime() - submitted);
        } finally {
            inFlight.remove(f);
            MDC.remove(Kernel.MDC_DEVICE_ID);
            MDC.remove(Kernel.MDC_INTENT_ID);
        }
        if (f.state.compareAndSet(RUNNING, FINISHED)) {
            Thread.interrupted(); // an interrupt from elsewhere must not leak into the next task
            deliver(result, done);
            release.run();
            return;
        }
        // The watchdog reported this call TIMED_OUT and interrupts (or is about to interrupt) this thread: wait
        // for that interrupt to land, then clear it, so it cannot hit the worker's next task.
        while (!f.interruptSent) {
            Thread.onSpinWait();
        }
        // Clear the delivered interrupt, and always say that the call came back (issue 13: a device sat FAULT for
        // 75 s with no line saying its call had ended). A call that returned normally, or threw before the interrupt
        // reached it, is a late return: the driver is slow, not stuck, and may be polled again. A call that ended
        // in an exception after the interrupt (InterruptedException, or a driver wrapping it) was aborted by us: it
        // says nothing about the driver answering, so the device stays hung until an operator reset retries it.
        Thread.interrupted();
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        if (!returned && interruptSeen) {
            LOG.warn("driver of device {} came back from {} after {} ms only through the deadline's interrupt ({}); "
                    + "it stays hung until an operator reset retries it", deviceId, command, ms, result.detail());
            return;
        }
        // Returned, or threw on its own before the interrupt reached it (e.g. a slow stop() that declines because
        // the device is OFFLINE): the driver answered, late.
        LOG.info("driver of device {} returned from {} after {} ms (late)", deviceId, command, ms);
        if (lateReturn != null) {
            try {
                lateReturn.run();
            } catch (RuntimeException e) {
                LOG.warn("late-return handler failed for device {}", deviceId, e);
            }
        }
    }

    /** The watchdog loop: report and interrupt calls past their deadline; sleep until the next one is due. */
    private void watch() {
        while (running) {
            long next = System.nanoTime() + idleNanos;
            try {
                next = expire();
            } catch (RuntimeException | LinkageError e) {
                LOG.error("dispatch deadline watchdog failed; it keeps watching", e);
            }
            LockSupport.parkNanos(this, Math.max(1, next - System.nanoTime()));
        }
    }

    /** @return when to look again: the earliest deadline still pending, at the latest after the idle period */
    private long expire() {
        long now = System.nanoTime();
        long next = now + idleNanos;
        for (InFlight f : inFlight) {
            if (now - f.deadlineAt >= 0) {
                inFlight.remove(f);
                timeOut(f);
            } else if (f.deadlineAt - next < 0) {
                next = f.deadlineAt;
            }
        }
        return next;
    }

    private void timeOut(InFlight f) {
        // Claim the report before interrupting: the interrupted call must not report "failed" first.
        if (!f.state.compareAndSet(RUNNING, TIMED_OUT)) {
            return;
        }
        try {
            LOG.warn("driver of device {} did not return from {} within {} ms", f.deviceId, f.command,
                    TimeUnit.NANOSECONDS.toMillis(f.deadlineNanos));
            deliver(new DispatchResult(f.intentId, f.deviceId, f.command, DispatchOutcome.TIMED_OUT,
                    "no return within " + TimeUnit.NANOSECONDS.toMillis(f.deadlineNanos) + " ms deadline",
                    System.nanoTime() - f.submitted), f.done);
        } finally {
            f.worker.interrupt();
            f.interruptSent = true;
        }
        replaceStuckWorker(f.deviceId);
        f.release.run(); // the device's next call (a safety stop, say) runs on another worker
    }

    private static void deliver(DispatchResult result, Consumer<DispatchResult> done) {
        try {
            done.accept(result);
        } catch (RuntimeException e) {
            LOG.warn("dispatch result handler failed for {}", result, e);
        }
    }

    /** A worker may be stuck in the hung driver for good: grow the pool by one so the others keep their threads. */
    private void replaceStuckWorker(String deviceId) {
        int n = replaced.incrementAndGet();
        if (n <= MAX_REPLACEMENTS) {
            synchronized (pool) {
                pool.setMaximumPoolSize(baseThreads + n);
                pool.setCorePoolSize(baseThreads + n);
            }
            LOG.warn("dispatch worker possibly stuck in device {}; pool grown to {} threads", deviceId, baseThreads + n);
        } else {
            LOG.error("{} dispatch workers stuck in hung drivers; not growing the pool further", n);
        }
    }

    /** Changes the number of workers (plus any replacements for stuck ones). */
    void resize(int threads) {
        synchronized (pool) {
            baseThreads = Math.max(1, threads);
            int n = baseThreads + Math.min(replaced.get(), MAX_REPLACEMENTS);
            if (n >= pool.getMaximumPoolSize()) {
                pool.setMaximumPoolSize(n);
                pool.setCorePoolSize(n);
            } else {
                pool.setCorePoolSize(n);
                pool.setMaximumPoolSize(n);
            }
        }
    }

    void shutdown() {
        running = false;
        LockSupport.unpark(watchdog);
        pool.shutdownNow();
    }
}
