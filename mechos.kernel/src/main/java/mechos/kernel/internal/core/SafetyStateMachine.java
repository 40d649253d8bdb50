package mechos.kernel.internal.core;

import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.kernel.api.SafetyState;
import mechos.kernel.api.SafetyStatus;
import mechos.kernel.api.SafetyTransition;

/**
 * NOMINAL / OVERRIDE / SAFE_STOP / ESTOP_LATCHED. The override is a flag with a deadline; the state shows
 * OVERRIDE only when nothing more severe holds. Transitions are reported to a sink (the bus) outside the lock.
 */
final class SafetyStateMachine {
    private static final Logger LOG = LoggerFactory.getLogger(SafetyStateMachine.class);

    private final Consumer<SafetyTransition> sink;
    private SafetyState state = SafetyState.NOMINAL;
    private String reason = "";
    private long sinceMillis = System.currentTimeMillis();
    private long overrideUntilNanos;
    private volatile boolean overrideActive;
    /** When the causes of a SAFE_STOP were last seen (for auto-resume). */
    private long lastCauseNanos;
    private volatile SafetyStatus snapshot;
    private volatile boolean moving;

    SafetyStateMachine(Consumer<SafetyTransition> sink) {
        this.sink = sink;
        this.snapshot = new SafetyStatus(state, reason, sinceMillis, 0, false);
    }

    SafetyStatus status() {
        return snapshot;
    }

    SafetyState state() {
        return snapshot.state();
    }

    void moving(boolean m) {
        if (m != moving) {
            moving = m;
            synchronized (this) {
                refresh(System.nanoTime());
            }
        }
    }

    void safeStop(String why) {
        SafetyTransition t;
        synchronized (this) {
            lastCauseNanos = System.nanoTime();
            if (state == SafetyState.SAFE_STOP || state == SafetyState.ESTOP_LATCHED) {
                return;
            }
            t = move(SafetyState.SAFE_STOP, why);
        }
        emit(t);
    }

    /** Notes that a SAFE_STOP cause is still present (keeps auto-resume from starting). */
    synchronized void causeSeen() {
        lastCauseNanos = System.nanoTime();
    }

    void latchEstop(String why) {
        SafetyTransition t;
        synchronized (this) {
            if (state == SafetyState.ESTOP_LATCHED) {
                return;
            }
            t = move(SafetyState.ESTOP_LATCHED, why);
        }
        emit(t);
    }

    /** Auto-resume from SAFE_STOP when the causes have been clear for {@code clearNanos}. */
    void maybeResume(long now, long clearNanos) {
        SafetyTransition t = null;
        synchronized (this) {
            if (state == SafetyState.SAFE_STOP && now - lastCauseNanos >= clearNanos) {
                t = move(overrideActive ? SafetyState.OVERRIDE : SafetyState.NOMINAL,
                        "cause clear for " + clearNanos / 1_000_000 + " ms: resumed");
            }
        }
        emit(t);
    }

    /** Operator reset of SAFE_STOP or a latched e-stop. */
    boolean reset(String operator) {
        SafetyTransition t = null;
        synchronized (this) {
            if (state == SafetyState.SAFE_STOP || state == SafetyState.ESTOP_LATCHED) {
                t = move(overrideActive ? SafetyState.OVERRIDE : SafetyState.NOMINAL, "reset by " + operator);
            }
        }
        emit(t);
        return true;
    }

    void engageOverride(String operator, long durationNanos) {
        SafetyTransition t = null;
        synchronized (this) {
            overrideActive = true;
            overrideUntilNanos = System.nanoTime() + durationNanos;
            if (state == SafetyState.NOMINAL) {
                t = move(SafetyState.OVERRIDE, "manual override by " + operator);
            } else {
                refresh(System.nanoTime());
            }
        }
        emit(t);
    }

    void releaseOverride(String why) {
        SafetyTransition t = null;
        synchronized (this) {
            if (!overrideActive) {
                return;
            }
            overrideActive = false;
            if (state == SafetyState.OVERRIDE) {
                t = move(SafetyState.NOMINAL, why);
            } else {
                refresh(System.nanoTime());
            }
        }
        emit(t);
    }

    /** Ends an override whose time is up. */
    void expireOverride(long now) {
        boolean expired;
        synchronized (this) {
            expired = overrideActive && now - overrideUntilNanos >= 0;
            if (!expired && overrideActive) {
                refresh(now);
            }
        }
        if (expired) {
            releaseOverride("override suspension elapsed");
        }
    }

    boolean overrideActive() {
        return overrideActive;
    }

    private SafetyTransition move(SafetyState to, String why) {
        SafetyState from = state;
        state = to;
        reason = why == null ? "" : why;
        sinceMillis = System.currentTimeMillis();
        refresh(System.nanoTime());
        return new SafetyTransition(from, to, reason, sinceMillis);
    }

    private void refresh(long now) {
        long remaining = overrideActive ? Math.max(0, (overrideUntilNanos - now) / 1_000_000) : 0;
        snapshot = new SafetyStatus(state, state == SafetyState.NOMINAL ? "" : reason, sinceMillis, remaining, moving);
    }

    private void emit(SafetyTransition t) {
        if (t == null) {
            return;
        }
        if (t.to() == SafetyState.SAFE_STOP || t.to() == SafetyState.ESTOP_LATCHED) {
            LOG.warn("safety state {} -> {}: {}", t.from(), t.to(), t.reason());
        } else {
            LOG.info("safety state {} -> {}: {}", t.from(), t.to(), t.reason());
        }
        try {
            sink.accept(t);
        } catch (RuntimeException e) {
            LOG.warn("publishing safety transition failed: {}", t, e);
        }
    }
}
