package mechos.runtime.internal.loop;

import static mechos.runtime.api.AgentState.FALLBACK;
import static mechos.runtime.api.AgentState.PAUSED;
import static mechos.runtime.api.AgentState.RUNNING;
import static mechos.runtime.api.AgentState.WAITING_FOR_HUMAN;
import static mechos.runtime.api.AgentState.WAITING_FOR_LLM;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import mechos.kernel.api.Drive;
import mechos.runtime.api.AgentState;
import mechos.runtime.api.HumanQuestion;
import mechos.runtime.api.llm.ChatResponse;

/**
 * The agent loop's states, the only transitions between them, and the data that lives with them. {@link #TABLE}
 * is the whole machine: a state changes only by {@link #fire} with an event that has a row for the current state;
 * every transition sets the reason the operator sees.
 *
 * <p>The loop's context — the LLM call in flight, the approved drive being held, the question waiting for a
 * person — is not kept beside the machine: it is part of it, and only events change it. Each {@link Event} says
 * which slot it fills (with the payload given to {@link #fire}) and which slots it empties; emptying the call slot
 * cancels that call. So "paused" always means no call, no held drive and no question, and a newcomer can read
 * every effect from the event list and the table.
 *
 * <p>Used by the loop's thread only, except the read-only {@link #question()} (volatile; the answer API reads it).
 */
final class AgentStateMachine {
    /** One slot of the loop's context. */
    enum Slot {
        /** The LLM call in flight ({@link Call}). */
        CALL,
        /** The approved drive renewed through the gate until it expires ({@link Held}). */
        HELD_DRIVE,
        /** The approved question waiting for a person ({@link Pending}). */
        QUESTION
    }

    /** What a slot holds. */
    sealed interface Data permits Call, Held, Pending {
    }

    /**
     * An LLM call in flight.
     *
     * @param future    completes with the reply (after memory recall)
     * @param provider  the provider's own future once the chat was sent (cancelled too)
     * @param deadline  clock nanos after which it is given up
     */
    record Call(CompletableFuture<ChatResponse> future,
            AtomicReference<CompletableFuture<ChatResponse>> provider, long deadline) implements Data {
        /** Cancels the call and the provider's request (no-op when done). */
        void cancel() {
            future.cancel(true);
            CompletableFuture<ChatResponse> p = provider.getAndSet(null);
            if (p != null) {
                p.cancel(true);
            }
        }
    }

    /** An approved drive renewed through the gate until {@code until} (clock nanos). */
    record Held(Drive drive, long until) implements Data {
    }

    /** A question to a person, answered or given up at {@code deadline} (clock nanos). */
    record Pending(HumanQuestion question, long deadline) implements Data {
    }

    /** What happened, with the slot it fills (payload of {@link #fire}) and the slots it empties. */
    enum Event {
        /** An operator paused the agent: the call is cancelled, the hold and the question dropped. */
        PAUSE(null, Slot.CALL, Slot.HELD_DRIVE, Slot.QUESTION),
        /** An operator resumed it. */
        RESUME(null),
        /** An LLM call was started (payload: the {@link Call}, required). */
        CALL_STARTED(Slot.CALL),
        /**
         * The call ended without a decision: cancelled, failed while already in fallback, or timed out while
         * probing from fallback; or no call is in flight and none was made (no provider yet).
         */
        CALL_ENDED(null, Slot.CALL),
        /** The model's reply was not a valid intent; the loop asks again after a backoff. */
        INVALID_REPLY(null, Slot.CALL),
        /** The model produced a valid intent (it went to the kernel); payload: the drive to hold, or none. */
        VALID_INTENT(Slot.HELD_DRIVE, Slot.CALL, Slot.HELD_DRIVE),
        /** The held drive expired or its renewal was rejected. */
        HOLD_ENDED(null, Slot.HELD_DRIVE),
        /** An {@code ask_human} intent was approved by the kernel (payload: the {@link Pending}, required). */
        QUESTION_APPROVED(Slot.QUESTION, Slot.CALL, Slot.HELD_DRIVE),
        /** The operator answered the question. */
        ANSWERED(null, Slot.QUESTION),
        /**
         * The fallback tree takes over (or its reason changes): no valid intent within the deadline, provider
         * error, a request/token limit, the loop guard, or a question left unanswered. Nothing of the LLM's
         * context survives it.
         */
        FALL_BACK(null, Slot.CALL, Slot.HELD_DRIVE, Slot.QUESTION);

        private final Slot fills;
        private final Set<Slot> empties;

        Event(Slot fills, Slot... empties) {
            this.fills = fills;
            this.empties = empties.length == 0 ? EnumSet.noneOf(Slot.class) : EnumSet.of(empties[0], empties);
        }

        /** @return the slot this event fills with its payload, or null */
        Slot fills() {
            return fills;
        }

        /** @return the slots emptied before the payload (if any) is stored */
        Set<Slot> empties() {
            return empties;
        }
    }

    /** One row of the table. */
    record Transition(AgentState from, Event on, AgentState to) {
    }

    /** Every allowed transition. Anything else is refused (state, reason and context stay) and reported. */
    static final List<Transition> TABLE = List.of(
            // deciding with the model
            t(RUNNING, Event.CALL_STARTED, WAITING_FOR_LLM),
            t(WAITING_FOR_LLM, Event.CALL_ENDED, RUNNING),
            t(RUNNING, Event.CALL_ENDED, RUNNING),
            t(WAITING_FOR_LLM, Event.INVALID_REPLY, RUNNING),
            t(RUNNING, Event.INVALID_REPLY, RUNNING),
            t(WAITING_FOR_LLM, Event.VALID_INTENT, RUNNING),
            t(RUNNING, Event.VALID_INTENT, RUNNING),
            t(RUNNING, Event.HOLD_ENDED, RUNNING),
            t(WAITING_FOR_LLM, Event.HOLD_ENDED, WAITING_FOR_LLM),
            // asking a person
            t(WAITING_FOR_LLM, Event.QUESTION_APPROVED, WAITING_FOR_HUMAN),
            t(RUNNING, Event.QUESTION_APPROVED, WAITING_FOR_HUMAN),
            t(FALLBACK, Event.QUESTION_APPROVED, WAITING_FOR_HUMAN),
            t(WAITING_FOR_HUMAN, Event.ANSWERED, RUNNING),
            // falling back, probing the model from fallback, and leaving fallback on a valid intent
            t(RUNNING, Event.FALL_BACK, FALLBACK),
            t(WAITING_FOR_LLM, Event.FALL_BACK, FALLBACK),
            t(WAITING_FOR_HUMAN, Event.FALL_BACK, FALLBACK),
            t(FALLBACK, Event.FALL_BACK, FALLBACK),
            t(FALLBACK, Event.CALL_STARTED, FALLBACK),
            t(FALLBACK, Event.CALL_ENDED, FALLBACK),
            t(FALLBACK, Event.INVALID_REPLY, FALLBACK),
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
    private Call call;
    private Held held;
    private volatile Pending question;

    AgentState state() {
        return state;
    }

    String reason() {
        return reason;
    }

    /** @return the LLM call in flight, or null */
    Call call() {
        return call;
    }

    /** @return the drive being held, or null */
    Held held() {
        return held;
    }

    /** @return the question waiting for a person, or null (any thread) */
    Pending question() {
        return question;
    }

    /** A transition without a payload. */
    Optional<Transition> fire(Event event, String why) {
        return fire(event, why, null);
    }

    /**
     * Takes the table's row for the current state and {@code event}: empties the event's slots (cancelling a call
     * in flight), stores {@code payload} in the slot the event fills, and sets state and reason.
     *
     * @param payload the data for {@link Event#fills()} (required for {@code CALL_STARTED} and
     *                {@code QUESTION_APPROVED}, optional for {@code VALID_INTENT}, none for the others)
     * @return the transition taken, or empty when the table has no row for the current state and this event (the
     *         state, reason and context stay; the caller reports it)
     * @throws IllegalArgumentException if the payload does not belong to the event's slot
     */
    Optional<Transition> fire(Event event, String why, Data payload) {
        checkPayload(event, payload);
        AgentState to = NEXT.get(state).get(event);
        if (to == null) {
            return Optional.empty();
        }
        for (Slot s : event.empties()) {
            empty(s);
        }
        if (payload instanceof Call c) {
            call = c;
        } else if (payload instanceof Held h) {
            held = h;
        } else if (payload instanceof Pending p) {
            question = p;
        }
        Transition t = new Transition(state, event, to);
        state = to;
        reason = why;
        return Optional.of(t);
    }

    /** Cancels the call in flight without a transition: only for taking the whole loop down. */
    void cancelCallForShutdown() {
        empty(Slot.CALL);
    }

    /** Updates the reason without a transition (e.g. "no LLM provider selected" while still RUNNING). */
    void explain(String why) {
        reason = why;
    }

    /** @return whether {@code event} is allowed in the current state */
    boolean allows(Event event) {
        return NEXT.get(state).containsKey(event);
    }

    private void empty(Slot s) {
        switch (s) {
            case CALL -> {
                Call c = call;
                call = null;
                if (c != null) {
                    c.cancel();
                }
            }
            case HELD_DRIVE -> held = null;
            case QUESTION -> question = null;
        }
    }

    private static void checkPayload(Event event, Data payload) {
        Slot fills = event.fills();
        boolean ok = switch (event) {
            case CALL_STARTED -> payload instanceof Call;
            case QUESTION_APPROVED -> payload instanceof Pending;
            case VALID_INTENT -> payload == null || payload instanceof Held;
            default -> payload == null;
        };
        if (!ok) {
            throw new IllegalArgumentException(event + (fills == null ? " takes no payload" : " fills " + fills)
                    + ", not " + payload);
        }
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
