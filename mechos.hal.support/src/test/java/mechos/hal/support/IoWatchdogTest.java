package mechos.hal.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import mechos.hal.support.IoWatchdog.Verdict;

/** The watchdog's deadline logic with a stepped clock: no thread, no sleeping. */
class IoWatchdogTest {
    private final FakeClock clock = new FakeClock();
    private final IoWatchdog watchdog = new IoWatchdog(clock, 4);

    @Test
    void aCallWithinItsLimitIsLeftAlone() {
        AtomicInteger unblocked = new AtomicInteger();
        IoWatchdog.Call c = watchdog.begin("read on /dev/x", 100, unblocked::incrementAndGet);
        clock.advanceMs(100);
        assertEquals(Verdict.NONE, watchdog.check(), "exactly at the limit is still in time");
        assertFalse(watchdog.end(c));
        assertNull(watchdog.current());
        clock.advanceMs(1000);
        assertEquals(Verdict.NONE, watchdog.check(), "nothing in progress");
        assertEquals(0, unblocked.get());
    }

    @Test
    void aBlockedCallFiresOnceUnblocksAndIsAbandonedLater() {
        AtomicInteger unblocked = new AtomicInteger();
        IoWatchdog.Call c = watchdog.begin("read on /dev/x", 100, unblocked::incrementAndGet);
        clock.advanceMs(101);
        assertEquals(Verdict.FIRED, watchdog.check());
        assertEquals(1, unblocked.get(), "the link was closed under the stuck call");
        assertTrue(c.fired());
        assertEquals(101, watchdog.lastBusyMs());
        clock.advanceMs(100);
        assertEquals(Verdict.NONE, watchdog.check(), "fires only once");
        clock.advanceMs(300); // 501 ms > 100 * (1 + 4)
        assertEquals(Verdict.ABANDON, watchdog.check());
        assertNull(watchdog.current());
        assertEquals(Verdict.NONE, watchdog.check(), "abandoned only once");
        assertTrue(watchdog.end(c), "the late return learns that its result must not be used");
        assertEquals(1, unblocked.get());
    }

    @Test
    void aLateReturnOfAnOldCallDoesNotClearTheNextOne() {
        IoWatchdog.Call old = watchdog.begin("read", 100, null);
        clock.advanceMs(600);
        watchdog.check();
        assertEquals(Verdict.ABANDON, watchdog.check());
        IoWatchdog.Call next = watchdog.begin("open", 100, null);
        watchdog.end(old);
        assertEquals(next, watchdog.current());
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new IoWatchdog(clock, 0));
        assertThrows(IllegalArgumentException.class, () -> watchdog.begin("read", 0, null));
    }
}
