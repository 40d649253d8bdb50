package mechos.runtime.internal.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import mechos.runtime.api.AgentState;
import mechos.runtime.internal.loop.AgentStateMachine.Event;
import mechos.runtime.internal.loop.AgentStateMachine.Transition;

/** One test per row of the agent's transition table, and every missing row refused. */
class AgentStateMachineTest {
    /** How a fresh machine (RUNNING) reaches each state. */
    private static final Map<AgentState, List<Event>> PATH = Map.of(
            AgentState.RUNNING, List.of(),
            AgentState.WAITING_FOR_LLM, List.of(Event.CALL_STARTED),
            AgentState.WAITING_FOR_HUMAN, List.of(Event.QUESTION_APPROVED),
            AgentState.FALLBACK, List.of(Event.FALL_BACK),
            AgentState.PAUSED, List.of(Event.PAUSE));

    private static AgentStateMachine in(AgentState s) {
        AgentStateMachine m = new AgentStateMachine();
        for (Event e : PATH.get(s)) {
            m.fire(e, "setting up " + s);
        }
        assertEquals(s, m.state());
        return m;
    }

    static Stream<Transition> table() {
        return AgentStateMachine.TABLE.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void eachTransitionOfTheTable(Transition t) {
        AgentStateMachine m = in(t.from());
        assertTrue(m.allows(t.on()));
        assertEquals(t, m.fire(t.on(), "because " + t).orElseThrow());
        assertEquals(t.to(), m.state());
        assertEquals("because " + t, m.reason(), "every transition sets the reason");
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
        assertFalse(m.allows(e));
        assertTrue(m.fire(e, "should not apply").isEmpty());
        assertEquals(s, m.state());
        assertEquals(before, m.reason());
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
    void explainChangesTheReasonOnly() {
        AgentStateMachine m = in(AgentState.WAITING_FOR_LLM);
        m.explain("no LLM provider selected");
        assertEquals(AgentState.WAITING_FOR_LLM, m.state());
        assertEquals("no LLM provider selected", m.reason());
    }
}
