package mechos.kernel.internal.core;

import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.kernel.api.SafetyState;
import mechos.kernel.api.SafetyStatus;
import mechos.kernel.api.SafetyTransition;
import mechos.kernel.internal.core.SafetyTable.Action;
import mechos.kernel.internal.core.SafetyTable.Base;
import mechos.kernel.internal.core.SafetyTable.Event;
import mechos.kernel.internal.core.SafetyTable.Phase;
import mechos.kernel.internal.core.SafetyTable.Step;

/**
 * Holds the current {@link Phase} and applies events through the {@link SafetyTable} under one lock. Time comes
 * from the clocks it is given (tests step them). Transitions are reported to a sink (the bus) outside the lock;
 * the sink is an outlet only: nothing on the bus ever feeds back into this state. A change of the durable latch
 * (persist or clear) is handed to {@code latchChanged} (a non-blocking hand-off to the latch writer thread, so the
 * safety tick never touches the disk).
 */
final class SafetyStateMachine {
    private static final Logger LOG = LoggerFactory.getLogger(SafetyStateMachine.class);

    /** What the durable latch file must say: {@code reason} null means "not latched". */
    record LatchTarget(long version, String reason) {
    }

    private volatile SafetyTable table;
    private final Consumer<SafetyTransition> sink;
    private final Consumer<LatchTarget> latchChanged;
    private final LongSupplier nanos;
    private final LongSupplier wallMillis;
    private Phase phase = Phase.NOMINAL;
    private String reason = "";
    private String resumeReason = "";
    private long sinceMillis;
    private long overrideUntilNanos;
    /** When the causes of a SAFE_STOP were last seen (for auto-recovery). */
    private long lastCauseNanos;
    private long latchVersion;
    private String latchReason;
    private volatile SafetyStatus snapshot;
    private volatile Phase phaseSnapshot = Phase.NOMINAL;
    private volatile boolean moving;

    /**
     * @param restoredLatch reason of a latch that was durable before the start (the file exists), or null
     */
    SafetyStateMachine(SafetyTable table, Consumer<SafetyTransition> sink, Consumer<LatchTarget> latchChanged,
            LongSupplier nanos, LongSupplier wallMillis, String restoredLatch) {
        this.table = table;
        this.sink = sink;
        this.latchChanged = latchChanged;
        this.nanos = nanos;
        this.wallMillis = wallMillis;
        this.sinceMillis = wallMillis.getAsLong();
        this.lastCauseNanos = nanos.getAsLong();
        if (restoredLatch != null) {
            phase = phase.base(Base.ESTOP_LATCHED);
            reason = restoredLatch;
            latchReason = restoredLatch; // version 0: already durable
        }
        refresh(lastCauseNanos);
    }

    SafetyStatus status() {
        return snapshot;
    }

    SafetyState state() {
        return snapshot.state();
    }

    Phase phase() {
        return phaseSnapshot;
    }

    /** @return what the latch file must hold now (read by the latch writer) */
    synchronized LatchTarget latchTarget() {
        return new LatchTarget(latchVersion, latchReason);
    }

    void moving(boolean m) {
        if (m != moving) {
            moving = m;
            synchronized (this) {
                refresh(nanos.getAsLong());
            }
        }
    }

    /** One event through the table. */
    Step apply(Event e, String why) {
        Transition t;
        synchronized (this) {
            t = applyLocked(e, why);
        }
        publish(t);
        return t.step;
    }

    void safeStop(String why) {
        synchronized (this) {
            lastCauseNanos = nanos.getAsLong();
        }
        apply(Event.STOP_CAUSE, why);
    }

    /** Notes that a SAFE_STOP cause is still present (keeps auto-recovery from starting). */
    synchronized void causeSeen() {
        lastCauseNanos = nanos.getAsLong();
    }

    void latchEstop(String why) {
        apply(Event.ESTOP, why);
    }

    /** Automatic recovery from SAFE_STOP when the causes have been clear for {@code clearNanos}. */
    void maybeResume(long now, long clearNanos) {
        Transition t = null;
        synchronized (this) {
            if (phase.base() == Base.SAFE_STOP && now - lastCauseNanos >= clearNanos) {
                t = applyLocked(Event.CAUSE_CLEAR, "cause clear for " + clearNanos / 1_000_000 + " ms: recovered");
            }
        }
        publish(t);
    }

    /** Operator reset of SAFE_STOP or a latched e-stop. @return false when refused (shutting down) */
    boolean reset(String operator) {
        return apply(Event.RESET, "reset by " + operator).accepted();
    }

    /** Operator resume of autonomy after an e-stop reset. @return false when nothing awaits a resume */
    boolean resume(String operator) {
        return apply(Event.RESUME, "autonomy resumed by " + operator).accepted();
    }

    /** The process or kernel is shutting down: from now on no motion is admitted. Absorbing. */
    void beginShutdown(String why) {
        apply(Event.SHUTDOWN, why);
    }

    /** A kernel configuration change: the table may change (auto_resume_after_reset); the phase never does. */
    void configChanged(SafetyTable next) {
        synchronized (this) {
            table = next;
        }
        apply(Event.CONFIG_CHANGE, "kernel configuration changed");
    }

    void engageOverride(String operator, long durationNanos) {
        Transition t;
        synchronized (this) {
            t = applyLocked(Event.OVERRIDE_ON, "manual override by " + operator);
            if (t.step.accepted()) {
                overrideUntilNanos = nanos.getAsLong() + durationNanos;
                refresh(nanos.getAsLong());
            }
        }
        publish(t);
    }

    /**
     * Restarts the time of an active override (no event through the table: the phase stays as it is, so nothing is
     * stopped and nothing is published). An override whose time is up counts as ended even before the tick has
     * noticed it.
     *
     * @return false (nothing changed) when no override is active
     */
    synchronized boolean renewOverride(long durationNanos) {
        long now = nanos.getAsLong();
        if (!phase.override() || now - overrideUntilNanos >= 0) {
            return false;
        }
        overrideUntilNanos = now + durationNanos;
        refresh(now);
        return true;
    }

    void releaseOverride(String why) {
        Transition t;
        synchronized (this) {
            if (!phase.override()) {
                return;
            }
            t = applyLocked(Event.OVERRIDE_OFF, why);
        }
        publish(t);
    }

    /** Ends an override whose time is up. */
    void expireOverride(long now) {
        Transition t = null;
        synchronized (this) {
            if (phase.override()) {
                if (now - overrideUntilNanos >= 0) {
                    t = applyLocked(Event.OVERRIDE_OFF, "override suspension elapsed");
                } else {
                    refresh(now);
                }
            }
        }
        publish(t);
    }

    boolean overrideActive() {
        return phaseSnapshot.override();
    }

    /**
     * Runs {@code dispatch} only if the current phase permits a new motion command for this agent, under the
     * state lock: an e-stop, a shutdown or a pause that happens after the gate assessed the intent cannot let its
     * command through (the e-stop's own stop is queued after whatever was dispatched before it).
     *
     * @return false (and nothing was run) when the phase does not permit the motion
     */
    synchronized boolean admitMotion(boolean operator, Runnable dispatch) {
        if (!SafetyTable.permitsMotion(phase, operator)) {
            return false;
        }
        dispatch.run();
        return true;
    }

    private record Transition(SafetyTransition visible, Step step, LatchTarget latch) {
    }

    private Transition applyLocked(Event e, String why) {
        Phase from = phase;
        Step step = table.next(from, e);
        if (!step.accepted()) {
            return new Transition(null, step, null);
        }
        String text = why == null ? "" : why;
        LatchTarget latch = null;
        if (step.actions().contains(Action.PERSIST_LATCH)) {
            latchReason = text;
            latch = new LatchTarget(++latchVersion, latchReason);
        } else if (step.actions().contains(Action.CLEAR_LATCH)) {
            latchReason = null;
            latch = new LatchTarget(++latchVersion, null);
        }
        if (step.to().equals(from)) {
            return new Transition(null, step, latch);
        }
        long now = nanos.getAsLong();
        SafetyState fromState = visible(from);
        phase = step.to();
        if (from.base() == Base.ESTOP_LATCHED && phase.base() == Base.RUN && phase.awaitingResume()) {
            resumeReason = "e-stop " + text + "; autonomy awaits an operator resume";
        }
        SafetyState toState = visible(phase);
        if (toState != fromState || from.base() != phase.base()) {
            reason = phase.base() == Base.SHUTDOWN ? "shutting down: " + text : text;
            sinceMillis = wallMillis.getAsLong();
        } else if (from.awaitingResume() != phase.awaitingResume()) {
            reason = text;
        }
        refresh(now);
        return new Transition(new SafetyTransition(fromState, toState, text, wallMillis.getAsLong()), step, latch);
    }

    private static SafetyState visible(Phase p) {
        return switch (p.base()) {
        case RUN -> p.override() ? SafetyState.OVERRIDE : SafetyState.NOMINAL;
        case SAFE_STOP, SHUTDOWN -> SafetyState.SAFE_STOP;
        case ESTOP_LATCHED -> SafetyState.ESTOP_LATCHED;
        };
    }

    private void refresh(long now) {
        long remaining = phase.override() ? Math.max(0, (overrideUntilNanos - now) / 1_000_000) : 0;
        SafetyState s = visible(phase);
        String shown = s == SafetyState.NOMINAL ? (phase.awaitingResume() ? resumeReason : "") : reason;
        phaseSnapshot = phase;
        snapshot = new SafetyStatus(s, shown, sinceMillis, remaining, moving, phase.awaitingResume());
    }

    private void publish(Transition t) {
        if (t == null) {
            return;
        }
        if (t.latch != null) {
            try {
                latchChanged.accept(t.latch);
            } catch (RuntimeException e) {
                LOG.error("handing the e-stop latch to its writer failed; it holds in memory only", e);
            }
        }
        SafetyTransition v = t.visible;
        if (v == null) {
            return;
        }
        if (v.to() == SafetyState.SAFE_STOP || v.to() == SafetyState.ESTOP_LATCHED) {
            LOG.warn("safety state {} -> {}: {}", v.from(), v.to(), v.reason());
        } else {
            LOG.info("safety state {} -> {}{}: {}", v.from(), v.to(),
                    t.step.to().awaitingResume() ? " (autonomy awaits resume)" : "", v.reason());
        }
        try {
            sink.accept(v);
        } catch (RuntimeException e) {
            LOG.warn("publishing safety transition failed: {}", v, e);
        }
    }
}
