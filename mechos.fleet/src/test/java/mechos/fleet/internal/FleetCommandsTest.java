package mechos.fleet.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import mechos.fleet.api.FleetHealth;
import mechos.fleet.api.FleetStatus;
import mechos.fleet.api.FleetView;
import mechos.fleet.api.MarketTask;
import mechos.fleet.api.PeerStatus;
import mechos.fleet.api.TaskMarket;
import mechos.fleet.api.TaskPhase;
import mechos.fleet.api.TaskView;

class FleetCommandsTest {
    private final PeerStatus r2 = new PeerStatus("r2", true, "map", 1.5, -2, 0, 0.3, "NOMINAL", "idle", 0.8, "t1",
            900, 1000);
    private final FleetView view = new FleetView() {
        @Override
        public String selfId() {
            return "r1";
        }

        @Override
        public List<PeerStatus> peers() {
            return List.of(r2);
        }

        @Override
        public Optional<PeerStatus> peer(String robotId) {
            return Optional.of(r2).filter(p -> p.robotId().equals(robotId));
        }

        @Override
        public FleetStatus status() {
            return new FleetStatus("r1", FleetHealth.ONLINE, "", 10, 20, 1, 0, 0, 0, 2, 3, 1);
        }
    };
    private final TaskMarket market = new TaskMarket() {
        @Override
        public List<TaskView> tasks() {
            return List.of(new TaskView(new MarketTask("t1", "goto", "fetch", "", 1, 2, "", 0, "r1"),
                    TaskPhase.AWARDED, 2, "r2", 2, false));
        }

        @Override
        public boolean complete(String taskId) {
            return false;
        }
    };

    @Test
    void helpPrintsTheUsageAndAnyOtherArgumentIsAnError() {
        for (String h : List.of("help", "-h", "--help")) {
            assertEquals(FleetCommands.FLEET_USAGE, FleetCommands.fleetText(view, () -> 0, h));
            assertEquals(FleetCommands.MARKET_USAGE, FleetCommands.marketText(view, market, h));
            assertEquals(FleetCommands.FLEET_USAGE, FleetCommands.fleetText(null, () -> 0, h), "also when off");
        }
        assertEquals("error: unexpected argument 'peers'\nusage: " + FleetCommands.FLEET_USAGE,
                FleetCommands.fleetText(view, () -> 0, "peers"));
        assertTrue(FleetCommands.marketText(view, market, "x", "y").startsWith("error: unexpected argument 'x'"));
        // the Gogo entry points (no fleet bound: off)
        assertEquals(FleetCommands.MARKET_USAGE, new FleetCommands().market("help"));
        assertEquals(FleetCommands.OFF, new FleetCommands().fleet());
    }

    @Test
    void fleetShowsTheLinkAndThePeersAndMarketTheTasksWithHolderAndEpoch() {
        String f = FleetCommands.fleetText(view, () -> 1250);
        assertTrue(f.startsWith("robot r1  ONLINE  in 10 out 20 reconnects 1"), f);
        assertTrue(f.contains("r2") && f.contains("x 1.50 y -2.00") && f.contains("task t1  seen 250 ms ago"), f);
        String m = FleetCommands.marketText(view, market);
        assertTrue(m.startsWith("auction rounds 3, lease expiries 1"), m);
        assertTrue(m.contains("t1") && m.contains("AWARDED") && m.contains("round 2 holder r2 epoch 2"), m);
        assertEquals(FleetCommands.OFF, FleetCommands.marketText(null, null));
    }
}
