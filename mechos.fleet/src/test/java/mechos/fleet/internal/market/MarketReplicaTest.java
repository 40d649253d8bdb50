package mechos.fleet.internal.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import mechos.fleet.api.MarketTask;
import mechos.fleet.api.TaskPhase;
import mechos.fleet.internal.market.MarketReplica.Change;

class MarketReplicaTest {
    private static final MarketTask TASK = new MarketTask("t", "goto", "go", "", 1, 1, "", 0, "a");

    private static MarketReplica awardedToB() {
        MarketReplica m = new MarketReplica();
        m.apply(new MarketEvent.Post(TASK));
        m.apply(new MarketEvent.Bid("t", 1, "c", 5, false));
        m.apply(new MarketEvent.Bid("t", 1, "b", 3, false));
        m.apply(new MarketEvent.Bid("t", 1, "a", 0, true));
        assertEquals(Change.AWARDED, m.apply(new MarketEvent.Close("t", 1, "c")));
        return m;
    }

    @Test
    void lowestBidWinsAndLateBidsAndSecondClosesAreIgnored() {
        MarketReplica m = awardedToB();
        assertEquals("b", m.entry("t").orElseThrow().holder());
        assertEquals(1, m.entry("t").orElseThrow().epoch());
        assertEquals(Change.NONE, m.apply(new MarketEvent.Bid("t", 1, "d", 0.1, false)));
        assertEquals(Change.NONE, m.apply(new MarketEvent.Close("t", 1, "a")));
    }

    @Test
    void equalCostsGoToTheSmallerRobotId() {
        MarketReplica m = new MarketReplica();
        m.apply(new MarketEvent.Post(TASK));
        m.apply(new MarketEvent.Bid("t", 1, "z", 2, false));
        m.apply(new MarketEvent.Bid("t", 1, "k", 2, false));
        m.apply(new MarketEvent.Close("t", 1, "z"));
        assertEquals("k", m.entry("t").orElseThrow().holder());
    }

    @Test
    void nonFiniteCostsDoNotCount() {
        MarketReplica m = new MarketReplica();
        m.apply(new MarketEvent.Post(TASK));
        assertEquals(Change.NONE, m.apply(new MarketEvent.Bid("t", 1, "x", Double.NaN, false)));
        assertEquals(Change.NONE, m.apply(new MarketEvent.Bid("t", 1, "y", -1, false)));
        assertEquals(Change.REOPENED, m.apply(new MarketEvent.Close("t", 1, "x")));
        assertEquals(2, m.entry("t").orElseThrow().round());
    }

    @Test
    void anExpiryWithAnOlderRenewalIsIgnoredAndAStaleEpochCannotComplete() {
        MarketReplica m = awardedToB();
        assertEquals(Change.RENEWED, m.apply(new MarketEvent.Renew("t", 1, "b", 1)));
        assertEquals(Change.NONE, m.apply(new MarketEvent.Renew("t", 1, "c", 2)));
        assertEquals(Change.NONE, m.apply(new MarketEvent.Expire("t", 1, "a", 0)));
        assertEquals(TaskPhase.AWARDED, m.entry("t").orElseThrow().phase());
        assertEquals(Change.EXPIRED, m.apply(new MarketEvent.Expire("t", 1, "a", 1)));
        assertEquals(TaskPhase.BIDDING, m.entry("t").orElseThrow().phase());
        assertEquals(Change.NONE, m.apply(new MarketEvent.Done("t", 1, "b")));
        assertEquals(Change.NONE, m.apply(new MarketEvent.Renew("t", 1, "b", 2)));
        m.apply(new MarketEvent.Bid("t", 2, "c", 1, false));
        m.apply(new MarketEvent.Close("t", 2, "c"));
        assertEquals(2, m.entry("t").orElseThrow().epoch());
        assertEquals(Change.DONE, m.apply(new MarketEvent.Done("t", 2, "c")));
    }

    @Test
    void anInstalledStatePlusTheLaterEventsEqualsTheWholeLog() {
        MarketReplica whole = new MarketReplica();
        whole.apply(new MarketEvent.Post(TASK));
        whole.apply(new MarketEvent.Bid("t", 1, "c", 5, false));
        TaskState atSync = whole.state("t").orElseThrow();
        java.util.List<MarketEvent> later = java.util.List.of(new MarketEvent.Bid("t", 1, "b", 3, false),
                new MarketEvent.Close("t", 1, "c"), new MarketEvent.Renew("t", 1, "b", 1));
        MarketReplica joiner = new MarketReplica();
        assertEquals(java.util.Optional.empty(), joiner.install(atSync));
        for (MarketEvent e : later) {
            assertEquals(whole.apply(e), joiner.apply(e));
        }
        assertEquals(whole.state("t"), joiner.state("t"));
        assertEquals("b", joiner.entry("t").orElseThrow().holder());
        assertEquals(1, joiner.entry("t").orElseThrow().lastSeq());
        assertEquals(0, joiner.openTasks().get(0).bids().size(), "an awarded task carries no bids");
    }

    @Test
    void malformedStatesAreRefusedAndChangeNothing() {
        MarketReplica m = new MarketReplica();
        java.util.List<TaskState.BidState> none = java.util.List.of();
        assertTrue(m.install(new TaskState(TASK, TaskPhase.AWARDED, 2, "", 2, 0, none)).isPresent(), "no holder");
        assertTrue(m.install(new TaskState(TASK, TaskPhase.AWARDED, 2, "b", 1, 0, none)).isPresent(), "epoch");
        assertTrue(m.install(new TaskState(TASK, TaskPhase.BIDDING, 0, "", 0, 0, none)).isPresent(), "round 0");
        assertTrue(m.install(new TaskState(TASK, TaskPhase.BIDDING, 1, "", 0, 0,
                java.util.List.of(new TaskState.BidState("x", Double.NaN, false)))).isPresent(), "NaN bid");
        assertTrue(m.install(new TaskState(TASK, TaskPhase.BIDDING, 1, "", 0, 0,
                java.util.List.of(new TaskState.BidState("x", 1, false), new TaskState.BidState("x", 2, false))))
                .isPresent(), "two bids of one robot");
        assertTrue(m.install(new TaskState(null, TaskPhase.BIDDING, 1, "", 0, 0, none)).isPresent(), "no task");
        assertTrue(m.entries().isEmpty());
    }
}
