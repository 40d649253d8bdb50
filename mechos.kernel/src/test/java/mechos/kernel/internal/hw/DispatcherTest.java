package mechos.kernel.internal.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import mechos.kernel.api.DispatchOutcome;
import mechos.kernel.api.DispatchResult;

class DispatcherTest {
    private final Dispatcher dispatcher = new Dispatcher(1, 256);
    private final Fakes.Drive drive = new Fakes.Drive("base");

    @AfterEach
    void close() {
        dispatcher.shutdown();
    }

    /**
     * The watchdog is not woken per call: a call that starts while it sleeps must still be reported at its
     * deadline, not later, whatever the deadline (here shorter and longer than the watchdog's idle period).
     */
    @Test
    void aHangingCallIsReportedOnceNotBeforeItsDeadlineAndItsInterruptDoesNotLeak() throws Exception {
        for (long deadlineMs : new long[] { 5, 60 }) {
            LinkedBlockingQueue<DispatchResult> results = new LinkedBlockingQueue<>();
            List<String> late = new CopyOnWriteArrayList<>();
            CountDownLatch never = new CountDownLatch(1);
            long submitted = System.nanoTime(); // the deadline runs from the start of the call, a little later
            dispatcher.submit(drive, "base", "hang", null, TimeUnit.MILLISECONDS.toNanos(deadlineMs),
                    d -> never.await(), results::add, () -> late.add("late"));
            DispatchResult r = results.poll(10, TimeUnit.SECONDS);
            long reportedAfter = System.nanoTime() - submitted;
            assertNotNull(r, "no TIMED_OUT within 10 s for a " + deadlineMs + " ms deadline");
            assertEquals(DispatchOutcome.TIMED_OUT, r.outcome(), r::toString);
            assertTrue(reportedAfter >= TimeUnit.MILLISECONDS.toNanos(deadlineMs),
                    "reported after " + reportedAfter / 1e6 + " ms, before the deadline of " + deadlineMs + " ms");

            // the interrupted call ends; the next task must not inherit the interrupt
            LinkedBlockingQueue<Boolean> interrupted = new LinkedBlockingQueue<>();
            for (int i = 0; i < 4; i++) {
                dispatcher.submit(drive, "base", "next", null, TimeUnit.SECONDS.toNanos(5),
                        d -> interrupted.add(Thread.currentThread().isInterrupted()), x -> { }, null);
            }
            for (int i = 0; i < 4; i++) {
                Boolean flag = interrupted.poll(10, TimeUnit.SECONDS);
                assertNotNull(flag);
                assertFalse(flag, "a deadline interrupt leaked into a later task");
            }
            assertTrue(results.isEmpty(), "one result per call: " + results);
            assertTrue(late.isEmpty(), "an interrupted call is not a late return");
        }
    }

    /**
     * Issue 13 defect 5: a driver call past its deadline that then declines on its own (a slow stop() throwing
     * DeviceException because the device went OFFLINE meanwhile) came back: it must be observed as a late return,
     * or the device stays hung until a restart. (The call clears the interrupt it ignored, as such a driver does.)
     */
    @Test
    void aCallThatDeclinesOnItsOwnAfterTheDeadlineIsALateReturn() throws Exception {
        LinkedBlockingQueue<DispatchResult> results = new LinkedBlockingQueue<>();
        List<String> late = new CopyOnWriteArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        dispatcher.submit(drive, "base", "stop", null, TimeUnit.MILLISECONDS.toNanos(5), d -> {
            while (go.getCount() > 0) {
                Thread.onSpinWait(); // slow, ignoring interrupts
            }
            Thread.interrupted();
            throw new mechos.hal.api.DeviceException("drive is OFFLINE; it cannot confirm the stop");
        }, results::add, () -> late.add("late"));
        DispatchResult r = results.poll(10, TimeUnit.SECONDS);
        assertNotNull(r);
        assertEquals(DispatchOutcome.TIMED_OUT, r.outcome(), r::toString);
        go.countDown();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (late.isEmpty() && System.nanoTime() < until) {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
        assertEquals(List.of("late"), late);
    }

    @Test
    void aCallThatFinishesInTimeIsDoneAndNeverTimedOut() throws Exception {
        LinkedBlockingQueue<DispatchResult> results = new LinkedBlockingQueue<>();
        for (int i = 0; i < 200; i++) {
            dispatcher.submit(drive, "base", "stop", null, TimeUnit.SECONDS.toNanos(5), d -> d.stop(), results::add,
                    null);
        }
        for (int i = 0; i < 200; i++) {
            DispatchResult r = results.poll(10, TimeUnit.SECONDS);
            assertNotNull(r);
            assertEquals(DispatchOutcome.DONE, r.outcome(), r::toString);
        }
        assertEquals(200, drive.commands.size());
    }
}
