package mechos.kernel.internal.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import mechos.kernel.api.SafetyState;
import mechos.kernel.api.SafetyTransition;
import mechos.kernel.internal.core.SafetyTable.Action;
import mechos.kernel.internal.core.SafetyTable.Base;
import mechos.kernel.internal.core.SafetyTable.Event;
import mechos.kernel.internal.core.SafetyTable.Phase;

/** The table and the state machine, step by step with a fake clock and no threads. */
class SafetyStateMachineTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final List<SafetyTransition> published = new ArrayList<>();
    private final List<SafetyStateMachine.LatchTarget> latches = new ArrayList<>();

    private SafetyStateMachine machine(boolean autoResumeAfterReset) {
        return new SafetyStateMachine(new SafetyTable(autoResumeAfterReset), published::add, latches::add,
                nanos::get, () -> nanos.get() / 1_000_000, null);
    }

    @Test
    void everyPhaseAndEventHasARowAndShutdownIsAbsorbing() {
        SafetyTable t = new SafetyTable(false);
        for (Phase p : Phase.all()) {
            for (Event e : Event.values()) {
                SafetyTable.Step s = t.next(p, e);
                if (p.base() == Base.SHUTDOWN) {
                    assertEquals(Base.SHUTDOWN, s.to().base(), p + " " + e);
                    assertFalse(SafetyTable.permitsMotion(s.to(), true));
                }
                if (e == Event.RESET && p.base() == Base.ESTOP_LATCHED) {
                    assertTrue(s.to().awaitingResume(), "a reset never resumes autonomy: " + p);
                    assertTrue(s.actions().contains(Action.CLEAR_LATCH));
                }
                if (e == Event.ESTOP) {
                    assertTrue(s.actions().contains(Action.STOP_ALL), p.toString());
                    assertFalse(SafetyTable.permitsMotion(s.to(), true), p.toString());
                }
                if (e == Event.CONFIG_CHANGE) {
                    assertEquals(p, s.to(), "a configuration change never changes the safety state");
                }
            }
        }
    }

    @Test
    void estopResetResumeWithAStoppedClock() {
        SafetyStateMachine m = machine(false);
        m.latchEstop("e-stop: test");
        assertEquals(SafetyState.ESTOP_LATCHED, m.state());
        assertEquals(1, latches.size());
        assertEquals("e-stop: test", latches.get(0).reason());
        assertFalse(m.admitMotion(true, () -> {
            throw new AssertionError("no dispatch while latched");
        }));
        assertFalse(m.resume("op"));
        assertTrue(m.reset("op"));
        assertEquals(null, latches.get(1).reason(), "the reset clears the durable latch");
        assertTrue(m.status().awaitingResume());
        assertTrue(m.status().reason().contains("awaits an operator resume"), m.status().reason());
        boolean[] ran = new boolean[1];
        assertFalse(m.admitMotion(false, () -> ran[0] = true), "the agent is paused");
        assertTrue(m.admitMotion(true, () -> ran[0] = true), "the operator is not");
        assertTrue(ran[0]);
        // a stop cause and automatic recovery keep the pause
        m.safeStop("driver gone");
        nanos.addAndGet(500_000_000L);
        m.maybeResume(nanos.get(), 1_000_000_000L);
        assertEquals(SafetyState.SAFE_STOP, m.state(), "not clear long enough");
        nanos.addAndGet(600_000_000L);
        m.maybeResume(nanos.get(), 1_000_000_000L);
        assertEquals(SafetyState.NOMINAL, m.state());
        assertTrue(m.status().awaitingResume());
        assertTrue(m.resume("op"));
        assertTrue(m.admitMotion(false, () -> { }));
        m.beginShutdown("SIGTERM");
        assertEquals(SafetyState.SAFE_STOP, m.state());
        assertTrue(m.status().reason().startsWith("shutting down"), m.status().reason());
        assertFalse(m.admitMotion(true, () -> { }));
        assertFalse(m.reset("op"), "nothing re-enables after shutdown began");
    }

    @Test
    void overrideElapsesOnTheGivenClock() {
        SafetyStateMachine m = machine(false);
        m.engageOverride("op", 2_000_000_000L);
        assertEquals(SafetyState.OVERRIDE, m.state());
        nanos.addAndGet(1_500_000_000L);
        m.expireOverride(nanos.get());
        assertEquals(500, m.status().overrideRemainingMillis());
        nanos.addAndGet(500_000_000L);
        m.expireOverride(nanos.get());
        assertEquals(SafetyState.NOMINAL, m.state());
        assertEquals(SafetyState.NOMINAL, published.get(published.size() - 1).to());
    }

    @Test
    void aRenewalRestartsAnActiveOverrideOnTheGivenClockWithoutATransition() {
        SafetyStateMachine m = machine(false);
        assertFalse(m.renewOverride(2_000_000_000L), "nothing to renew");
        assertEquals(SafetyState.NOMINAL, m.state());
        m.engageOverride("op", 2_000_000_000L);
        int published0 = published.size();
        nanos.addAndGet(1_500_000_000L);
        assertTrue(m.renewOverride(2_000_000_000L));
        assertEquals(2000, m.status().overrideRemainingMillis());
        assertEquals(published0, published.size(), "a renewal is no transition (and no stop)");
        nanos.addAndGet(1_500_000_000L);
        m.expireOverride(nanos.get());
        assertEquals(SafetyState.OVERRIDE, m.state(), "renewed: 0.5 s left");
        nanos.addAndGet(500_000_000L);
        assertFalse(m.renewOverride(2_000_000_000L), "time up (before the tick noticed): it cannot be renewed");
        m.expireOverride(nanos.get());
        assertEquals(SafetyState.NOMINAL, m.state());
        assertFalse(m.renewOverride(2_000_000_000L), "released: a renewal does not engage");
        assertEquals(SafetyState.NOMINAL, m.state());
    }

    @Test
    void anEstopDuringShutdownIsStillPersisted() {
        SafetyStateMachine m = machine(false);
        m.beginShutdown("SIGTERM");
        m.latchEstop("e-stop pressed while stopping");
        assertEquals("e-stop pressed while stopping", m.latchTarget().reason());
    }
}
