package mechos.kernel.internal.core;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that writes the e-stop latch file. It always writes what the state machine says now (the newest
 * target), so requests coalesce and a late write can never resurrect a latch that a reset already cleared. Callers
 * that must not block (the safety tick, driver callbacks) just {@link #request}; the operator e-stop waits on the
 * returned future (bounded) before it acknowledges.
 */
final class LatchWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LatchWriter.class);
    static final String THREAD_NAME = "mechos-estop-latch-writer";

    private final EStopLatchFile file;
    private final Supplier<SafetyStateMachine.LatchTarget> target;
    private final ExecutorService executor;
    /** Written only by the writer thread. */
    private long writtenVersion;
    private String lastFailure;

    /**
     * @param target the current latch target (from the state machine)
     */
    LatchWriter(EStopLatchFile file, Supplier<SafetyStateMachine.LatchTarget> target) {
        this.file = file;
        this.target = target;
        ThreadPoolExecutor e = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, THREAD_NAME);
                    t.setDaemon(true);
                    return t;
                });
        this.executor = e;
    }

    /**
     * Asks the writer to bring the file up to date. Never blocks.
     *
     * @return completes with null once a target of at least {@code version} is durable, or with the reason it is
     *         not
     */
    CompletableFuture<String> request(long version) {
        CompletableFuture<String> done = new CompletableFuture<>();
        try {
            executor.execute(() -> done.complete(flush(version)));
        } catch (RejectedExecutionException e) {
            done.complete("the e-stop latch writer is stopped");
        }
        return done;
    }

    private String flush(long version) {
        try {
            SafetyStateMachine.LatchTarget t = target.get();
            if (t.version() > writtenVersion || lastFailure != null) {
                String failure = t.reason() == null ? file.clear() : file.write(t.reason());
                lastFailure = failure;
                if (failure == null) {
                    writtenVersion = t.version();
                    LOG.debug("e-stop latch {} on disk (version {})", t.reason() == null ? "cleared" : "written",
                            t.version());
                }
            }
            return writtenVersion >= version ? null : lastFailure != null ? lastFailure : "not yet written";
        } catch (RuntimeException e) {
            LOG.error("e-stop latch writer failed", e);
            return "e-stop latch writer failed: " + e;
        }
    }

    /** Writes what is pending (bounded) and stops the thread. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(2, TimeUnit.SECONDS)) {
                LOG.warn("e-stop latch writer did not finish within 2 s");
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
    }
}
