package mechos.runtime.internal.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import mechos.kernel.api.Drive;
import mechos.runtime.api.AgentState;
import mechos.runtime.api.HumanQuestion;
import mechos.runtime.api.llm.ChatResponse;
import mechos.runtime.internal.loop.AgentStateMachine.Call;
import mechos.runtime.internal.loop.AgentStateMachine.Data;
import mechos.runtime.internal.loop.AgentStateMachine.Event;
import mechos.runtime.internal.loop.AgentStateMachine.Held;
import mechos.runtime.internal.loop.AgentStateMachine.Pending;
import mechos.runtime.internal.loop.AgentStateMachine.Slot;
import mechos.runtime.internal.loop.AgentStateMachine.Transition;

/**
 * One test per row of the agent's transition table (state, reason, and the row's effect on the context: the slots
 * its event empties — a call is cancelled — and the one it fills), and every missing row refused.
 */
class AgentStateMachineTest {
    /** How a fresh machine (RUNNING) reaches each state. */
    private static final Map<AgentState, List<Event>> PATH = Map.of(
            AgentState.RUNNING, List.of(),
            AgentState.WAITING_FOR_LLM, List.of(Event.CALL_STARTED),
            AgentState.WAITING_FOR_HUMAN, List.of(Event.QUESTION_APPROVED),
            AgentState.FALLBACK, List.of(Event.FALL_BACK),
            AgentState.PAUSED, List.of(Event.PAUSE));

    private static Call call() {
        return new Call(new CompletableFuture<ChatResponse>(), new AtomicReference<>(new CompletableFuture<>()), 5);
    }

    private static Pending pending() {
        return new Pending(new HumanQuestion("i-1", "brain", "is the door open?", null, 0), 7);
    }

    /** The payload an event needs (and a hold for VALID_INTENT, which may carry one). */
    private static Data payload(Event e) {
        return switch (e) {
            case CALL_STARTED -> call();
            case QUESTION_APPROVED -> pending();
            case VALID_INTENT -> new Held(new Drive(0.2, 0), 9);
            default -> null;
        };
    }

    private static AgentStateMachine in(AgentState s) {
        AgentStateMachine m = new AgentStateMachine();
        for (Event e : PATH.get(s)) {
            m.fire(e, "setting up " + s, payload(e));
        }
        assertEquals(s, m.state());
        return m;
    }

    /** Fills every slot the state allows, so a row's emptying is visible. */
    private static void fillWhatTheStateHolds(AgentStateMachine m) {
        if (m.state() == AgentState.RUNNING) {
            m.fire(Event.VALID_INTENT, "hold", new Held(new Drive(0.1, 0), 3)); // RUNNING -> RUNNING with a hold
        }
    }

    static Stream<Transition> table() {
        return AgentStateMachine.TABLE.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void eachTransitionOfTheTable(Transition t) {
        AgentStateMachine m = in(t.from());
        fillWhatTheStateHolds(m);
        Call callBefore = m.call();
        Data payload = payload(t.on());
        assertTrue(m.allows(t.on()));
        assertEquals(t, m.fire(t.on(), "because " + t, payload).orElseThrow());
        assertEquals(t.to(), m.state());
        assertEquals("because " + t, m.reason(), "every transition sets the reason");
        for (Slot s : Slot.values()) {
            Object now = switch (s) {
                case CALL -> m.call();
                case HELD_DRIVE -> m.held();
                case QUESTION -> m.question();
            };
            if (s == t.on().fills()) {
                assertSame(payload, now, s + " holds the event's payload");
            } else if (t.on().empties().contains(s)) {
                assertNull(now, s + " is emptied by " + t.on());
            }
        }
        if (callBefore != null && t.on().empties().contains(Slot.CALL)) {
            assertTrue(callBefore.future().isCancelled(), "emptying the call slot cancels the call");
            assertNull(callBefore.provider().get(), "and the provider's request");
        }
    }

    static Stream<Object[]> missing() {
        List<Object[]> out = new ArrayList<>();
        for (AgentState s : AgentState.values()) {
            for (Event e : Event.values()) {
                if (AgentStateMachine.TABLE.stream().noneMatch(t -> t.from() == s && t.on() == e)) {
                    out.add(new Object[] {s, e});
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} on {1} is refused")
    @MethodSource("missing")
    void everyOtherEventIsRefusedAndChangesNothing(AgentState s, Event e) {
        AgentStateMachine m = in(s);
        String before = m.reason();
        Call call = m.call();
        Pending question = m.question();
        assertFalse(m.allows(e));
        assertTrue(m.fire(e, "should not apply", payload(e)).isEmpty());
        assertEquals(s, m.state());
        assertEquals(before, m.reason());
        assertSame(call, m.call(), "context kept");
        assertSame(question, m.question(), "context kept");
    }

    @Test
    void aFreshMachineRunsAndOnlyResumeLeavesPause() {
        AgentStateMachine m = new AgentStateMachine();
        assertEquals(AgentState.RUNNING, m.state());
        assertEquals("starting", m.reason());
        m.fire(Event.PAUSE, "paused");
        for (Event e : Event.values()) {
            assertEquals(e == Event.RESUME, m.allows(e), e.toString());
        }
    }

    @Test
    void pausedHoldsNothing() {
        AgentStateMachine m = in(AgentState.WAITING_FOR_LLM);
        Call c = m.call();
        assertNotNull(c);
        m.fire(Event.PAUSE, "paused");
        assertNull(m.call());
        assertNull(m.held());
        assertNull(m.question());
        assertTrue(c.future().isCancelled());
    }

    @Test
    void payloadsMustFitTheEvent() {
        AgentStateMachine m = new AgentStateMachine();
        assertThrows(IllegalArgumentException.class, () -> m.fire(Event.CALL_STARTED, "no call"));
        assertThrows(IllegalArgumentException.class, () -> m.fire(Event.QUESTION_APPROVED, "held", payload(
                Event.VALID_INTENT)));
        assertThrows(IllegalArgumentException.class, () -> m.fire(Event.PAUSE, "a call", call()));
        assertEquals(AgentState.RUNNING, m.state(), "a bad payload changes nothing");
    }

    @Test
    void explainChangesTheReasonOnly() {
        AgentStateMachine m = in(AgentState.WAITING_FOR_LLM);
        m.explain("no LLM provider selected");
        assertEquals(AgentState.WAITING_FOR_LLM, m.state());
        assertEquals("no LLM provider selected", m.reason());
    }
}
