package mechos.kernel.internal.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The kernel's safety states as one explicit transition table: a pure function (phase, event) → (phase, actions).
 * No threads, no clock, no I/O: {@link SafetyStateMachine} holds the current phase, takes the time from a clock
 * it is given, and the kernel carries out the actions (stop first, then persist). The Promela model in
 * {@code src/test/promela} is generated from this table by a test and checked with spin, so the two cannot drift.
 *
 * <p>A phase is a base state plus two flags: a manual override is active; autonomy waits for an operator's
 * resume after an e-stop reset (ISO 13850: a reset re-enables, it never restarts motion by itself).
 */
final class SafetyTable {

    /** The base state. Shown as {@code NOMINAL}/{@code OVERRIDE}, {@code SAFE_STOP}, {@code ESTOP_LATCHED}. */
    enum Base {
        RUN, SAFE_STOP, ESTOP_LATCHED, SHUTDOWN
    }

    /** What happens to the kernel. */
    enum Event {
        /** An e-stop: operator button, console, Gogo, an e-stop input pressed or failed. */
        ESTOP,
        /** The tick saw an obstacle inside the stop zone (or a bumper contact). */
        OBSTACLE,
        /** The drive base (or a watched sensor) went OFFLINE/FAULT or away while moving. */
        DRIVER_LOSS,
        /** Another reason to stop under control: stale sensor, watchdog, dead-man, tick failure. */
        STOP_CAUSE,
        /** A velocity lease ran out: the motion ends, the state does not change. */
        LEASE_EXPIRY,
        /** The causes of a SAFE_STOP have been clear long enough (automatic recovery). */
        CAUSE_CLEAR,
        /** An operator reset of SAFE_STOP or a latched e-stop. */
        RESET,
        /** An operator's explicit resume of autonomy after an e-stop reset. */
        RESUME,
        /** A manual override engaged. */
        OVERRIDE_ON,
        /** A manual override released or elapsed. */
        OVERRIDE_OFF,
        /** A kernel configuration change (never clears a latch, a pause or a stop). */
        CONFIG_CHANGE,
        /** The process or the kernel is shutting down: absorbing, nothing moves again. */
        SHUTDOWN
    }

    /** What the kernel must do after a transition, in this order: stop first, then persist. */
    enum Action {
        /** Command every drive base to stop (the stop never waits for the disk). */
        STOP_ALL,
        /** Make the latch durable (file + directory fsync) before the e-stop is acknowledged. */
        PERSIST_LATCH,
        /** Remove the durable latch (the e-stop was reset). */
        CLEAR_LATCH
    }

    /** Base state plus the override and awaiting-resume flags. */
    record Phase(Base base, boolean override, boolean awaitingResume) {
        static final Phase NOMINAL = new Phase(Base.RUN, false, false);

        Phase base(Base b) {
            return new Phase(b, override, awaitingResume);
        }

        Phase override(boolean o) {
            return new Phase(base, o, awaitingResume);
        }

        Phase awaitingResume(boolean a) {
            return new Phase(base, override, a);
        }

        /** Every phase, for generating the model and for exhaustive tests. */
        static List<Phase> all() {
            List<Phase> all = new ArrayList<>();
            for (Base b : Base.values()) {
                for (boolean o : new boolean[] { false, true }) {
                    for (boolean a : new boolean[] { false, true }) {
                        all.add(new Phase(b, o, a));
                    }
                }
            }
            return Collections.unmodifiableList(all);
        }
    }

    /**
     * The result of one event.
     *
     * @param to       the next phase (the same when nothing changes)
     * @param actions  what to carry out
     * @param accepted false when the event is refused in this phase (e.g. resume while latched)
     */
    record Step(Phase to, Set<Action> actions, boolean accepted) {
        Step {
            actions = actions.isEmpty() ? Collections.emptySet() : Collections.unmodifiableSet(EnumSet.copyOf(actions));
        }
    }

    private final boolean autoResumeAfterReset;

    /** @param autoResumeAfterReset simulation only: an e-stop reset also resumes autonomy */
    SafetyTable(boolean autoResumeAfterReset) {
        this.autoResumeAfterReset = autoResumeAfterReset;
    }

    boolean autoResumeAfterReset() {
        return autoResumeAfterReset;
    }

    /** The transition table. Pure: the same arguments always give the same step. */
    Step next(Phase p, Event e) {
        if (p.base() == Base.SHUTDOWN) {
            // absorbing: nothing is re-enabled, a stop is still welcome
            return switch (e) {
            // an e-stop while shutting down is still latched for the next start
            case ESTOP -> step(p, true, Action.STOP_ALL, Action.PERSIST_LATCH);
            case OBSTACLE, DRIVER_LOSS, STOP_CAUSE, LEASE_EXPIRY, SHUTDOWN -> step(p, true, Action.STOP_ALL);
            default -> refused(p);
            };
        }
        return switch (e) {
        case ESTOP -> p.base() == Base.ESTOP_LATCHED ? step(p, true, Action.STOP_ALL)
                : step(p.base(Base.ESTOP_LATCHED), true, Action.STOP_ALL, Action.PERSIST_LATCH);
        case OBSTACLE, DRIVER_LOSS, STOP_CAUSE -> p.base() == Base.RUN ? step(p.base(Base.SAFE_STOP), true,
                Action.STOP_ALL) : step(p, true, Action.STOP_ALL);
        case LEASE_EXPIRY -> step(p, true, Action.STOP_ALL);
        case CAUSE_CLEAR -> p.base() == Base.SAFE_STOP ? step(p.base(Base.RUN), true) : step(p, true);
        case RESET -> switch (p.base()) {
            case ESTOP_LATCHED -> step(p.base(Base.RUN).awaitingResume(!autoResumeAfterReset), true,
                    Action.CLEAR_LATCH);
            case SAFE_STOP -> step(p.base(Base.RUN), true);
            default -> step(p, true);
            };
        case RESUME -> p.base() == Base.RUN && p.awaitingResume() ? step(p.awaitingResume(false), true)
                : refused(p);
        case OVERRIDE_ON -> step(p.override(true), true, Action.STOP_ALL);
        case OVERRIDE_OFF -> step(p.override(false), true);
        case CONFIG_CHANGE -> step(p, true);
        case SHUTDOWN -> step(p.base(Base.SHUTDOWN), true, Action.STOP_ALL);
        };
    }

    /**
     * The state part of the policy for a new motion command (a non-zero Drive, an end effector move): checked by
     * the gate under the state lock right before the command is dispatched.
     *
     * @param operator the submitting agent is an operator (a person)
     */
    static boolean permitsMotion(Phase p, boolean operator) {
        return p.base() == Base.RUN && (operator || !(p.override() || p.awaitingResume()));
    }

    private static Step step(Phase to, boolean accepted, Action... actions) {
        EnumSet<Action> set = EnumSet.noneOf(Action.class);
        Collections.addAll(set, actions);
        return new Step(to, set, accepted);
    }

    private static Step refused(Phase p) {
        return new Step(p, EnumSet.noneOf(Action.class), false);
    }
}
