package mechos.runtime.internal.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import mechos.runtime.api.Agent;
import mechos.runtime.api.AgentState;
import mechos.runtime.api.AgentStatus;
import mechos.runtime.api.DecisionRecord;

class AgentCommandsTest {
    static final class FakeAgent implements Agent {
        final AtomicReference<String> answered = new AtomicReference<>();
        boolean pending = true;
        final List<String> acted = new java.util.ArrayList<>();

        @Override
        public AgentStatus status() {
            return new AgentStatus("brain", AgentState.WAITING_FOR_HUMAN, "waiting", "Is the door open?", null, 3, 2,
                    100, 0.01, "itest:m", 0, new AgentStatus.UsageLimits(1000, 3600, 60_000, 30, 2));
        }

        @Override
        public List<DecisionRecord> lastDecisions() {
            return List.of(new DecisionRecord("i-1", DecisionRecord.Source.LLM, "{\"action\":\"stop\"}", "x", true,
                    "approved", 0));
        }

        @Override
        public boolean answer(String answer) {
            if (!pending) {
                return false;
            }
            pending = false;
            answered.set(answer);
            return true;
        }

        @Override
        public void pause() {
            acted.add("pause");
        }

        @Override
        public void resume() {
            acted.add("resume");
        }
    }

    @Test
    void answerJoinsWordsAndReportsWhetherAQuestionWasPending() {
        FakeAgent agent = new FakeAgent();
        AgentCommands cmd = new AgentCommands(agent, List.of());
        assertEquals("answered", cmd.answer("yes,", "the", "door", "is", "open"));
        assertEquals("yes, the door is open", agent.answered.get());
        assertEquals("no question is pending", cmd.answer("again"));
        assertTrue(cmd.answer().startsWith("usage"));
        assertTrue(cmd.agent().contains("question: Is the door open?"));
        assertTrue(cmd.agent().contains("limits: tokens 100 / 1000 per 3600 s (renews in 60 s), requests 2 / 30 per min"),
                cmd.agent());
        assertTrue(cmd.decisions().contains("approved"));
        assertEquals("no LLM providers", cmd.llm());
    }

    @Test
    void helpPrintsUsageAndUnexpectedArgumentsPrintUsageWithoutActing() {
        FakeAgent agent = new FakeAgent();
        AgentCommands cmd = new AgentCommands(agent, List.of());
        assertEquals(AgentCommands.AGENT_USAGE, cmd.agent("help"));
        assertEquals(AgentCommands.DECISIONS_USAGE, cmd.decisions("--help"));
        assertEquals(AgentCommands.ANSWER_USAGE, cmd.answer("help"));
        assertEquals(AgentCommands.PAUSE_USAGE, cmd.pause("-h"));
        assertEquals("error: resume takes no arguments, got 'now please'\nusage: " + AgentCommands.RESUME_USAGE,
                cmd.resume("now", "please"));
        assertEquals(List.of(), agent.acted, "neither help nor a wrong argument paused or resumed anything");
        assertEquals("pausing", cmd.pause());
        assertEquals(List.of("pause"), agent.acted);
    }

    @Test
    void decisionsShowTheirTime() {
        String line = new AgentCommands(new FakeAgent(), List.of()).decisions().strip();
        assertTrue(line.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} LLM \\{\"action\":\"stop\"} -> approved"),
                line);
    }
}
