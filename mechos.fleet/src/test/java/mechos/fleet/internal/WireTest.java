package mechos.fleet.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import mechos.fleet.api.MarketTask;
import mechos.fleet.api.TaskPhase;
import mechos.fleet.internal.market.MarketEvent;
import mechos.fleet.internal.market.TaskState;

class WireTest {
    private final Wire wire = new Wire();

    @Test
    void syncRequestsAndStateAnswersRoundTrip() throws IOException {
        MarketTask t = new MarketTask("t1", "goto", "fetch", "", 1, Double.NaN, "", 0, "r1");
        MarketEvent sync = new MarketEvent.Sync("r3", "n-1", List.of("t1"));
        MarketEvent state = new MarketEvent.State("r1", "r3", "n-1", List.of(
                new TaskState(t, TaskPhase.BIDDING, 2, "", 0, 0, List.of(new TaskState.BidState("r2", 4.5, false),
                        new TaskState.BidState("r4", 0, true))),
                new TaskState(new MarketTask("t2", "generic", "x", "", Double.NaN, Double.NaN, "", 0, "r2"),
                        TaskPhase.AWARDED, 1, "r2", 1, 7, List.of())));
        assertEquals(sync, wire.market(wire.market(sync)));
        MarketEvent back = wire.market(wire.market(state));
        assertEquals(state.toString(), back.toString()); // NaN != NaN in records' equals: compare the text
    }

    @Test
    void aMalformedStateIsAnIOException() {
        assertThrows(IOException.class, () -> wire.market(
                "{\"type\":\"state\",\"from\":\"r1\",\"tasks\":7}".getBytes(StandardCharsets.UTF_8)));
    }
}
