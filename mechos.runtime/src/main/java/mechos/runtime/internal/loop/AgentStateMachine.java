package mechos.runtime.internal.loop;

import static mechos.runtime.api.AgentState.FALLBACK;
import static mechos.runtime.api.AgentState.PAUSED;
import static mechos.runtime.api.AgentState.RUNNING;
import static mechos.runtime.api.AgentState.WAITING_FOR_HUMAN;
import static mechos.runtime.api.AgentState.WAITING_FOR_LLM;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import mechos.runtime.api.AgentState;

/**
 * The agent loop's states and the only transitions between them. {@link #TABLE} is the whole machine: a state
 * changes only by {@link #fire} with an event that has a row for the current state; every transition sets the
 * reason the operator sees. Used by the loop's thread only (the loop publishes snapshots).
 */
final class AgentStateMachine {
    /** What happened. */
    enum Event {
        /** An operator paused the agent. */
        PAUSE,
        /** An operator resumed it. */
        RESUME,
        /** An LLM call was started. */
        CALL_STARTED,
        /** No call is in flight and no decision was made (cancelled call, no provider yet, waiting to ask again). */
        CALL_ENDED,
        /** The model's reply was not a valid intent; the loop asks again after a backoff. */
        INVALID_REPLY,
        /** The model produced a valid intent (it went to the kernel). */
        VALID_INTENT,
        /** An {@code ask_human} intent was approved by the kernel. */
        QUESTION_APPROVED,
        /** The operator answered the question. */
        ANSWERED,
        /**
         * The fallback tree takes over (or its reason changes): no valid intent within the deadline, provider
         * error, a request/token limit, the loop guard, or a question left unanswered.
         */
        FALL_BACK
    }

    /** One row of the table. */
    record Transition(AgentState from, Event on, AgentState to) {
    }

    /** Every allowed transition. Anything else is refused (the state stays) and reported by {@link #fire}. */
    static final List<Transition> TABLE = List.of(
            // deciding with the model
            t(RUNNING, Event.CALL_STARTED, WAITING_FOR_LLM),
            t(WAITING_FOR_LLM, Event.CALL_ENDED, RUNNING),
            t(RUNNING, Event.CALL_ENDED, RUNNING),
            t(WAITING_FOR_LLM, Event.INVALID_REPLY, RUNNING),
            t(RUNNING, Event.INVALID_REPLY, RUNNING),
            t(WAITING_FOR_LLM, Event.VALID_INTENT, RUNNING),
            t(RUNNING, Event.VALID_INTENT, RUNNING),
            // asking a person
            t(WAITING_FOR_LLM, Event.QUESTION_APPROVED, WAITING_FOR_HUMAN),
            t(RUNNING, Event.QUESTION_APPROVED, WAITING_FOR_HUMAN),
            t(FALLBACK, Event.QUESTION_APPROVED, WAITING_FOR_HUMAN),
            t(WAITING_FOR_HUMAN, Event.ANSWERED, RUNNING),
            // falling back, and leaving fallback when a probe brings a valid intent
            t(RUNNING, Event.FALL_BACK, FALLBACK),
            t(WAITING_FOR_LLM, Event.FALL_BACK, FALLBACK),
            t(WAITING_FOR_HUMAN, Event.FALL_BACK, FALLBACK),
            t(FALLBACK, Event.FALL_BACK, FALLBACK),
            t(FALLBACK, Event.VALID_INTENT, RUNNING),
            // the operator
            t(RUNNING, Event.PAUSE, PAUSED),
            t(WAITING_FOR_LLM, Event.PAUSE, PAUSED),
            t(WAITING_FOR_HUMAN, Event.PAUSE, PAUSED),
            t(FALLBACK, Event.PAUSE, PAUSED),
            t(PAUSED, Event.RESUME, RUNNING));

    private static final Map<AgentState, Map<Event, AgentState>> NEXT = index();

    private AgentState state = RUNNING;
    private String reason = "starting";

    AgentState state() {
        return state;
    }

    String reason() {
        return reason;
    }

    /**
     * @return the transition taken, or empty when the table has no row for the current state and this event (the
     *         state and reason stay; the caller reports it)
     */
    Optional<Transition> fire(Event event, String why) {
        AgentState to = NEXT.get(state).get(event);
        if (to == null) {
            return Optional.empty();
        }
        Transition t = new Transition(state, event, to);
        state = to;
        reason = why;
        return Optional.of(t);
    }

    /** Updates the reason without a transition (e.g. "no LLM provider selected" while still RUNNING). */
    void explain(String why) {
        reason = why;
    }

    /** @return whether {@code event} is allowed in the current state */
    boolean allows(Event event) {
        return NEXT.get(state).containsKey(event);
    }

    private static Transition t(AgentState from, Event on, AgentState to) {
        return new Transition(from, on, to);
    }

    private static Map<AgentState, Map<Event, AgentState>> index() {
        Map<AgentState, Map<Event, AgentState>> m = new EnumMap<>(AgentState.class);
        for (AgentState s : AgentState.values()) {
            m.put(s, new EnumMap<>(Event.class));
        }
        for (Transition t : TABLE) {
            if (m.get(t.from()).put(t.on(), t.to()) != null) {
                throw new IllegalStateException("two rows for " + t.from() + " on " + t.on());
            }
        }
        return m;
    }
}
