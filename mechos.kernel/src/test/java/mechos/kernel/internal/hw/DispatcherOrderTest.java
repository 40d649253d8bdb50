package mechos.kernel.internal.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import mechos.kernel.api.DispatchOutcome;
import mechos.kernel.api.DispatchResult;

/**
 * Calls to one device reach it in the order they were submitted, whatever the pool size: a Drive after a stop
 * must never overtake it, nor a stop a Drive (the robot would keep moving after the stop).
 */
class DispatcherOrderTest {
    private final Dispatcher dispatcher = new Dispatcher(4, 256);
    private final Fakes.Drive drive = new Fakes.Drive("base");

    @AfterEach
    void close() {
        dispatcher.shutdown();
    }

    @Test
    void callsToOneDeviceRunInSubmissionOrderEvenWithSeveralWorkers() throws Exception {
        List<Integer> seen = new CopyOnWriteArrayList<>();
        int n = 200; // within the lane capacity (256): more would be REFUSED, as they should
        CountDownLatch all = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            int k = i;
            dispatcher.submit(drive, "base", "call " + k, null, TimeUnit.SECONDS.toNanos(5), d -> {
                if (k % 50 == 0) {
                    Thread.onSpinWait();
                    LockSupportPause.pauseMicros(500); // a slow call: the next ones must wait for it
                }
                seen.add(k);
            }, r -> all.countDown(), null);
        }
        all.await(20, TimeUnit.SECONDS);
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            expected.add(i);
        }
        assertEquals(expected, seen);
    }

    @Test
    void aHungCallReleasesItsDeviceAtTheDeadlineSoTheStopBehindItRuns() throws Exception {
        LinkedBlockingQueue<DispatchResult> results = new LinkedBlockingQueue<>();
        CountDownLatch never = new CountDownLatch(1);
        dispatcher.submit(drive, "base", "hang", null, TimeUnit.MILLISECONDS.toNanos(20), d -> never.await(),
                results::add, null);
        dispatcher.submit(drive, "base", "stop", null, TimeUnit.SECONDS.toNanos(5), d -> d.stop(), results::add,
                null);
        DispatchResult first = results.poll(10, TimeUnit.SECONDS);
        DispatchResult second = results.poll(10, TimeUnit.SECONDS);
        assertNotNull(first);
        assertNotNull(second, "the stop behind a hung call never ran");
        assertEquals(DispatchOutcome.TIMED_OUT, first.outcome(), first::toString);
        assertEquals(DispatchOutcome.DONE, second.outcome(), second::toString);
        never.countDown();
    }

    @Test
    void otherDevicesAreNotHeldUpByAHungOne() throws Exception {
        LinkedBlockingQueue<DispatchResult> results = new LinkedBlockingQueue<>();
        CountDownLatch never = new CountDownLatch(1);
        dispatcher.submit(drive, "base", "hang", null, TimeUnit.SECONDS.toNanos(30), d -> never.await(),
                r -> { }, null);
        Fakes.Drive other = new Fakes.Drive("other");
        dispatcher.submit(other, "other", "stop", null, TimeUnit.SECONDS.toNanos(5), d -> d.stop(), results::add,
                null);
        DispatchResult r = results.poll(10, TimeUnit.SECONDS);
        assertNotNull(r, "a hung device held up another one");
        assertEquals(DispatchOutcome.DONE, r.outcome());
        never.countDown();
    }

    /**
     * A driver call that ignores interrupts and simply returns after its deadline (a slow, not a stuck, driver)
     * is a late return, although the watchdog's interrupt reached its thread: otherwise the device stays hung
     * for good and is never polled again (seen: an e-stop input whose health call took 50+ ms on a loaded
     * machine could never be reset).
     */
    @Test
    void aCallThatReturnsOnItsOwnAfterTheDeadlineIsALateReturn() throws Exception {
        LinkedBlockingQueue<DispatchResult> results = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<String> late = new LinkedBlockingQueue<>();
        dispatcher.submit(drive, "base", "slow health", null, TimeUnit.MILLISECONDS.toNanos(5),
                d -> LockSupportPause.pauseMicros(60_000), results::add, () -> late.add("late"));
        DispatchResult r = results.poll(10, TimeUnit.SECONDS);
        assertNotNull(r);
        assertEquals(DispatchOutcome.TIMED_OUT, r.outcome(), r::toString);
        assertEquals("late", late.poll(10, TimeUnit.SECONDS), "the slow call's return was not reported");
    }

    /** Busy-waits a little without sleeping (a slow driver call). */
    static final class LockSupportPause {
        static void pauseMicros(long micros) {
            long until = System.nanoTime() + micros * 1000;
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
        }
    }
}
