package mechos.kernel.internal.hw;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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
 * Runs driver calls on a bounded pool with a deadline. Nobody waits on a call: a separate timer thread
 * notices a call that is still running at its deadline, reports it TIMED_OUT and interrupts it. A worker
 * stuck for good in a hung driver is replaced (up to a limit) so one hung driver cannot starve the others.
 */
final class Dispatcher implements DriverCalls {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    private static final int MAX_REPLACEMENTS = 16;

    private final ThreadPoolExecutor pool;
    private final ScheduledThreadPoolExecutor timer;
    private volatile int baseThreads;
    private final AtomicInteger replaced = new AtomicInteger();

    Dispatcher(int threads, int queueCapacity) {
        this.baseThreads = Math.max(1, threads);
        this.pool = new ThreadPoolExecutor(baseThreads, baseThreads, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(Math.max(1, queueCapacity)), daemon("mechos-dispatch"),
                new ThreadPoolExecutor.AbortPolicy());
        this.timer = new ScheduledThreadPoolExecutor(1, daemon("mechos-dispatch-deadline"));
        this.timer.setRemoveOnCancelPolicy(true);
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
     * reported TIMED_OUT returns later on its own, {@code lateReturn} (may be null) is told.
     */
    @Override
    public <D extends Device> void submit(D device, String deviceId, String command, String intentId, long deadlineNanos,
            DeviceCall<D> call, Consumer<DispatchResult> done, Runnable lateReturn) {
        long submitted = System.nanoTime();
        AtomicBoolean reported = new AtomicBoolean();
        Runnable run = () -> {
            long start = System.nanoTime();
            Thread worker = Thread.currentThread();
            ScheduledFuture<?> deadline = timer.schedule(() -> {
                // Claim the report before interrupting: the interrupted call must not report "failed" first.
                if (!reported.compareAndSet(false, true)) {
                    return;
                }
                LOG.warn("driver of device {} did not return from {} within {} ms", deviceId, command,
                        TimeUnit.NANOSECONDS.toMillis(deadlineNanos));
                deliver(new DispatchResult(intentId, deviceId, command, DispatchOutcome.TIMED_OUT,
                        "no return within " + TimeUnit.NANOSECONDS.toMillis(deadlineNanos) + " ms deadline",
                        System.nanoTime() - submitted), done);
                worker.interrupt();
                replaceStuckWorker(deviceId);
            }, deadlineNanos, TimeUnit.NANOSECONDS);
            if (intentId != null) {
                MDC.put(Kernel.MDC_INTENT_ID, intentId);
            }
            MDC.put(Kernel.MDC_DEVICE_ID, deviceId);
            DispatchResult result;
            boolean interrupted = false;
            try {
                call.call(device);
                result = new DispatchResult(intentId, deviceId, command, DispatchOutcome.DONE, "",
                        System.nanoTime() - submitted);
            } catch (InterruptedException e) {
                interrupted = true;
                result = new DispatchResult(intentId, deviceId, command, DispatchOutcome.TIMED_OUT,
                        "interrupted at the deadline", System.nanoTime() - submitted);
            } catch (DeviceException e) {
                LOG.warn("device {} declined {}: {}", deviceId, command, e.getMessage());
                result = new DispatchResult(intentId, deviceId, command, DispatchOutcome.UNAVAILABLE,
                        e.getMessage(), System.nanoTime() - submitted);
            } catch (Exception | LinkageError | AssertionError e) {
                LOG.warn("driver of device {} threw on {}", deviceId, command, e);
                result = new DispatchResult(intentId, deviceId, command, DispatchOutcome.FAILED,
                        e.getClass().getSimpleName() + ": " + e.getMessage(), System.nanoTime() - submitted);
            } finally {
                MDC.remove(Kernel.MDC_DEVICE_ID);
                MDC.remove(Kernel.MDC_INTENT_ID);
            }
            deadline.cancel(false);
            // A deadline interrupt must not leak into the worker's next task.
            interrupted |= Thread.interrupted();
            if (!reported.compareAndSet(false, true)) {
                if (!interrupted && lateReturn != null) {
                    LOG.info("driver of device {} returned from {} after {} ms (late)", deviceId, command,
                            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                    lateReturn.run();
                }
                return;
            }
            deliver(result, done);
        };
        try {
            pool.execute(run);
        } catch (RejectedExecutionException e) {
            report(reported, new DispatchResult(intentId, deviceId, command, DispatchOutcome.REFUSED,
                    "dispatch executor saturated", System.nanoTime() - submitted), done);
        }
    }

    private static void report(AtomicBoolean reported, DispatchResult result, Consumer<DispatchResult> done) {
        if (reported.compareAndSet(false, true)) {
            deliver(result, done);
        }
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
        timer.shutdownNow();
        pool.shutdownNow();
    }
}
