package mechos.fleet.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.junit.jupiter.api.Test;

import mechos.fleet.api.MarketTask;
import mechos.kernel.api.PostTask;

class FleetComponentTest {
    @Test
    void aGotoTitleBecomesAGotoTaskWithItsGoal() {
        MarketTask t = FleetComponent.task("i1", new PostTask("goto 1.5 -2: fetch the box", null, null), "r1");
        assertEquals("goto", t.kind());
        assertEquals(1.5, t.goalX());
        assertEquals(-2, t.goalY());
        assertEquals("fetch the box", t.title());
        assertEquals("", t.assignee());
        assertEquals("r1", t.poster());
        assertEquals("i1", t.taskId());
    }

    @Test
    void anyOtherTitleIsAGenericTaskWithoutGoal() {
        MarketTask t = FleetComponent.task("i2", new PostTask("water the plants", "all of them", "r2"), "r1");
        assertEquals("generic", t.kind());
        assertTrue(Double.isNaN(t.goalX()));
        assertEquals("r2", t.assignee());
    }

    @Test
    void allowedPeersAcceptCommaSeparatedEntriesFromACfgFile() {
        assertEquals(Set.of("a", "b", "c"), FleetComponent.peers(new String[] { "a, b", "c", " " }));
        assertEquals(Set.of(), FleetComponent.peers(new String[0]));
    }

    @Test
    void aPeerIdThatIsNotOneTopicLevelIsNeverPublishedTo() {
        assertTrue(FleetNode.topicLevel("robot2"));
        for (String bad : new String[] { "", "a/b", "+", "r#", "r\n", null }) {
            org.junit.jupiter.api.Assertions.assertFalse(FleetNode.topicLevel(bad), "id " + bad);
        }
    }
}
