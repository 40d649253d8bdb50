package mechos.webconsole.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import mechos.kernel.api.Decision;
import mechos.kernel.api.Drive;
import mechos.kernel.api.IntentEvent;
import mechos.kernel.api.Stop;
import mechos.kernel.api.Violation;
import mechos.runtime.api.AgentState;
import mechos.runtime.api.AgentStatus;

class BusMonitorTest {
    private final BusMonitor m = new BusMonitor();

    @Test
    void gateLatencyIsTheGapBetweenIntentAndDecisionOfTheSameId() {
        m.onIntent(new IntentEvent("a", "brain", new Drive(0.1, 0), 1), 1_000_000);
        m.onDecision(new Decision("a", "brain", new Drive(0.1, 0), true, List.of(), 2), 1_250_000);
        m.onDecision(new Decision("unknown", "brain", new Drive(0.1, 0), true, List.of(), 2), 9_000_000);
        Histogram.Snapshot s = m.gateLatency();
        assertEquals(1, s.count());
        assertEquals(0.00025, s.sum(), 1e-12);
        assertEquals(2, m.approvedCount());
    }

    @Test
    void commandedMotionFollowsApprovedDrivesAndStops() {
        m.onDecision(new Decision("a", "operator", new Drive(0.3, 0.1), true, List.of(), 5), 0);
        assertEquals(new BusMonitor.Commanded(0.3, 0.1, 5, "operator"), m.commanded());
        m.onDecision(new Decision("b", "brain", new Drive(1.0, 0), false, List.of(Violation.reject("speed", "too fast")), 6), 0);
        assertEquals(0.3, m.commanded().linear(), "a rejected drive commands nothing");
        m.onDecision(new Decision("c", "operator", new Stop("x"), true, List.of(), 7), 0);
        assertEquals(new BusMonitor.Commanded(0, 0, 7, "operator"), m.commanded());
        assertEquals(1, m.rejectedCount());
        assertEquals("c", m.decisions().get(0).intentId(), "newest first");
    }

    @Test
    void keepsABoundedHistory() {
        for (int i = 0; i < 120; i++) {
            m.onDecision(new Decision("i" + i, "brain", new Stop(null), true, List.of(), i), i);
        }
        assertEquals(BusMonitor.KEEP, m.decisions().size());
        assertEquals("i119", m.decisions().get(0).intentId());
    }

    @Test
    void llmWaitIsTimeSpentWaitingForTheLlm() {
        m.onAgentStatus(status(AgentState.RUNNING), 0);
        m.onAgentStatus(status(AgentState.WAITING_FOR_LLM), 1_000_000_000L);
        m.onAgentStatus(status(AgentState.WAITING_FOR_LLM), 1_500_000_000L);
        m.onAgentStatus(status(AgentState.RUNNING), 3_000_000_000L);
        assertEquals(1, m.llmWait().count());
        assertEquals(2.0, m.llmWait().sum(), 1e-9);
    }

    private static AgentStatus status(AgentState s) {
        return new AgentStatus("brain", s, "", null, null, 0, 0, 0, 0, "", 0, AgentStatus.UsageLimits.NONE);
    }
}
