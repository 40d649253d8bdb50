package mechos.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import mechos.kernel.api.BroadcastFleet;
import mechos.kernel.api.Decision;
import mechos.kernel.api.Intent;
import mechos.kernel.api.Kernel;
import mechos.kernel.api.MessagePeer;
import mechos.kernel.api.SafetyState;
import mechos.kernel.api.SafetyStatus;
import mechos.kernel.api.TickStats;
import mechos.kernel.api.Violation;

class FleetSendCommandTest {
    private final List<String> agents = new ArrayList<>();
    private final List<Intent> submitted = new ArrayList<>();
    private boolean approve = true;

    private final Kernel kernel = new Kernel() {
        @Override
        public Decision submit(String agentId, Intent intent) {
            agents.add(agentId);
            submitted.add(intent);
            return new Decision("i" + submitted.size(), agentId, intent, approve, approve ? List.of()
                    : List.of(Violation.reject("capability", "agent 'operator' lacks capability 'fleet:message'")),
                    0);
        }

        @Override
        public SafetyStatus status() {
            return new SafetyStatus(SafetyState.NOMINAL, "", 0, 0, false);
        }

        @Override
        public TickStats tickStats() {
            return new TickStats(0, 0, 0, 0, 0, 0);
        }

        @Override
        public void resetTickStats() {
        }

        @Override
        public long clearanceMaxAgeNanos() {
            return 500_000_000L;
        }
    };

    private final FleetSendCommand cmd = new FleetSendCommand(kernel);

    @Test
    void aPeerGetsAMessagePeerAndStarABroadcastBothAsOperator() {
        String out = cmd.send("robot2", "meet", "at", "the", "dock");
        assertEquals(new MessagePeer("robot2", "meet at the dock"), submitted.get(0));
        assertTrue(out.startsWith("approved intent i1: sent to peer robot2"), out);
        out = (String) cmd.execute(null, List.of("*", "hello fleet"));
        assertEquals(new BroadcastFleet("hello fleet"), submitted.get(1));
        assertTrue(out.contains("sent to the fleet"), out);
        cmd.send("--all", "second");
        assertEquals(new BroadcastFleet("second"), submitted.get(2));
        assertEquals(List.of("operator", "operator", "operator"), agents);
    }

    @Test
    void aRefusedIntentSaysWhyAndIsNotReportedSent() {
        approve = false;
        String out = cmd.send("robot2", "hi");
        assertEquals(1, submitted.size());
        assertTrue(out.startsWith("not sent to peer robot2: intent i1 rejected: [capability]"), out);
    }

    @Test
    void helpAndBadArgumentsGiveTheUsageAndSubmitNothing() {
        assertEquals(FleetSendCommand.USAGE, cmd.send("help"));
        assertEquals(FleetSendCommand.USAGE, cmd.send());
        assertEquals(FleetSendCommand.USAGE, cmd.execute(null, List.of("--help")));
        assertTrue(cmd.send("robot2").startsWith("error: expected a peer id"));
        assertTrue(cmd.send("robot/2", "x").contains("must not be empty nor contain"));
        assertTrue(cmd.send("r+", "x").contains("must not be empty nor contain"));
        assertTrue(cmd.send("robot2", " ").startsWith("error: the text is empty"));
        assertTrue(submitted.isEmpty());
        assertEquals("error: kernel not available", new FleetSendCommand(null).send("robot2", "hi"));
    }
}
