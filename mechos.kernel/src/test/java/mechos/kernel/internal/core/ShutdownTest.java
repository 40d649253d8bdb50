package mechos.kernel.internal.core;

import static mechos.kernel.internal.core.TestKernel.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.SynchronousBundleListener;

import mechos.kernel.api.Decision;
import mechos.kernel.api.Drive;
import mechos.kernel.api.Violation;

/** Shutdown closes the gate first, atomically, and only then commands the safe state (issue 12, defects 1 and 2). */
class ShutdownTest {
    @TempDir
    Path home;
    private TestKernel k;

    @AfterEach
    void close() {
        if (k != null) {
            k.close();
        }
    }

    /** A submit and when it ran, to compare with when shutdown began and ended. */
    private record Submitted(long startNanos, Decision decision) {
    }

    @Test
    void noSubmitIsApprovedAndNoMotionReachesTheDriverOnceShutdownBegan() throws Exception {
        k = new TestKernel(home, Map.of("lease__ms", 5000L));
        TestKernel t = k;
        int threads = 4;
        AtomicBoolean running = new AtomicBoolean(true);
        ConcurrentLinkedQueue<Submitted> log = new ConcurrentLinkedQueue<>();
        CountDownLatch started = new CountDownLatch(threads);
        List<Thread> submitters = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            double speed = 0.01 * (i + 1);
            Thread th = new Thread(() -> {
                started.countDown();
                while (running.get()) {
                    long s = System.nanoTime();
                    log.add(new Submitted(s, t.kernel.submit("operator", new Drive(speed, 0))));
                }
            }, "submitter-" + i);
            submitters.add(th);
            th.start();
        }
        started.await();
        await(() -> t.drive.commands.stream().anyMatch(c -> c.startsWith("v ")), "the drive moving");

        t.kernel.deactivate(); // what the JVM hook and the framework-stopping listener run too
        long ended = System.nanoTime();
        int commandsAtEnd = t.drive.commands.size();
        // Submitters keep hammering the closed gate: wait until each has submitted after shutdown returned (a fixed
        // pause failed on a loaded machine when the submitters were not scheduled within it).
        await(() -> log.stream().filter(s -> s.startNanos() > ended).count() >= 4L * threads,
                "submissions refused after shutdown");
        running.set(false);
        for (Thread th : submitters) {
            th.join(5000);
        }

        List<String> commands = List.copyOf(t.drive.commands);
        int lastStop = commands.lastIndexOf("stop");
        assertTrue(lastStop >= 0, "the safe state was commanded: " + tail(commands));
        for (int i = lastStop + 1; i < commands.size(); i++) {
            throw new AssertionError("motion reached the driver after its safe state: " + tail(commands));
        }
        assertEquals(commandsAtEnd, commands.size(), "nothing reached the driver after shutdown returned: "
                + tail(commands));
        int refused = 0;
        for (Submitted s : log) {
            if (s.startNanos() > ended) {
                assertFalse(s.decision().approved(), "approved after shutdown: " + s.decision());
                assertTrue(s.decision().violations().stream().map(Violation::ruleId)
                        .anyMatch("kernel.shutdown"::equals), s.decision().reason());
                refused++;
            }
        }
        assertTrue(refused > 0, "submitters ran after shutdown");
    }

    @Test
    void admissionClosesAtomicallyAndWaitsForPermitsAlreadyHeld() throws Exception {
        Admission a = new Admission();
        assertTrue(a.enter());
        CountDownLatch closing = new CountDownLatch(1);
        AtomicBoolean drained = new AtomicBoolean();
        Thread closer = new Thread(() -> {
            closing.countDown();
            drained.set(a.closeAndDrain(TimeUnit.SECONDS.toNanos(5)));
        });
        closer.start();
        closing.await();
        await(a::closed, "closed");
        assertFalse(a.enter(), "no permit once closed");
        assertTrue(closer.isAlive(), "close waits for the permit held");
        a.exit();
        closer.join(5000);
        assertTrue(drained.get());
        assertEquals(0, a.held());
    }

    @Test
    void admissionUnderConcurrentEntersNeverAdmitsAfterCloseReturned() throws Exception {
        Admission a = new Admission();
        AtomicBoolean closedReturned = new AtomicBoolean();
        AtomicInteger lateAdmits = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> ts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Thread th = new Thread(() -> {
                while (!stop.get()) {
                    boolean after = closedReturned.get();
                    if (a.enter()) {
                        if (after) {
                            lateAdmits.incrementAndGet();
                        }
                        a.exit();
                    }
                }
            });
            ts.add(th);
            th.start();
        }
        TimeUnit.MILLISECONDS.sleep(20);
        assertTrue(a.closeAndDrain(TimeUnit.SECONDS.toNanos(5)));
        closedReturned.set(true);
        TimeUnit.MILLISECONDS.sleep(20);
        stop.set(true);
        for (Thread th : ts) {
            th.join(5000);
        }
        assertEquals(0, lateAdmits.get());
        assertEquals(0, a.held());
    }

    @Test
    void aSecondTriggerWaitsForTheFirstInsteadOfRacingIt() throws Exception {
        Admission a = new Admission();
        CountDownLatch inSafeState = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger safeStates = new AtomicInteger();
        ShutdownSequence seq = new ShutdownSequence(a, () -> { }, why -> {
            safeStates.incrementAndGet();
            inSafeState.countDown();
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, () -> 2000);
        Thread first = new Thread(() -> seq.run("JVM shutdown"));
        first.start();
        assertTrue(inSafeState.await(5, TimeUnit.SECONDS));
        assertTrue(a.closed(), "the gate closed before the safe state was commanded");
        AtomicBoolean secondReturned = new AtomicBoolean();
        Thread second = new Thread(() -> {
            seq.run("framework stopping");
            secondReturned.set(true);
        });
        second.start();
        TimeUnit.MILLISECONDS.sleep(50);
        assertFalse(secondReturned.get(), "the framework must not go on stopping drivers before the safe state");
        release.countDown();
        second.join(5000);
        first.join(5000);
        assertTrue(secondReturned.get());
        assertEquals(1, safeStates.get(), "the safe state is commanded once");
        assertEquals("JVM shutdown", seq.reason());
    }

    private static String tail(List<String> commands) {
        return commands.subList(Math.max(0, commands.size() - 12), commands.size()).toString();
    }

    /**
     * A framework stop (console "shutdown") delivers the system bundle's STOPPING event synchronously, on the
     * stopping thread, before any bundle stops: the whole sequence has run when the listener returns.
     */
    @Test
    void theFrameworkStoppingRunsTheSequenceBeforeItGoesOnStoppingBundles() {
        AtomicReference<BundleListener> listener = new AtomicReference<>();
        BundleContext ctx = proxy(BundleContext.class, (name, args) -> {
            if (name.equals("addBundleListener")) {
                listener.set((BundleListener) args[0]);
            }
            return null;
        });
        Bundle system = proxy(Bundle.class, (name, args) -> name.equals("getBundleId") ? 0L : null);
        Bundle driver = proxy(Bundle.class, (name, args) -> name.equals("getBundleId") ? 42L : null);
        Admission a = new Admission();
        List<String> steps = new java.util.concurrent.CopyOnWriteArrayList<>();
        ShutdownSequence seq = new ShutdownSequence(a, () -> steps.add("gate " + (a.closed() ? "closed" : "OPEN")
                + ", motion cleared"), why -> steps.add("safe state: " + why), () -> 100);
        seq.install(ctx);
        try {
            assertTrue(listener.get() instanceof SynchronousBundleListener, "delivered on the stopping thread");
            listener.get().bundleChanged(new BundleEvent(BundleEvent.STOPPING, driver));
            assertTrue(steps.isEmpty(), "another bundle stopping is not a shutdown: " + steps);
            listener.get().bundleChanged(new BundleEvent(BundleEvent.STOPPING, system));
            assertEquals(List.of("gate closed, motion cleared", "safe state: framework stopping"), steps);
        } finally {
            seq.uninstall();
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, java.util.function.BiFunction<String, Object[], Object> answer) {
        return (T) java.lang.reflect.Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type },
                (p, m, args) -> answer.apply(m.getName(), args));
    }
}
