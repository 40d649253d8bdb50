package mechos.memory.internal.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import mechos.kernel.api.bus.Envelope;
import mechos.memory.api.DataTopics;
import mechos.memory.api.PoseList;
import mechos.memory.testsupport.FakeEventBus;

/** The configured patrol waypoints on plan/patrol, read through Config Admin. */
class PatrolWaypointsTest {
    private final Hashtable<String, Object> agent = new Hashtable<>();
    private final FakeEventBus bus = new FakeEventBus();
    private final List<Envelope<?>> out = new ArrayList<>();

    PatrolWaypointsTest() {
        bus.subscribeAll(t -> true, "test", 100, out::add);
    }

    private ConfigurationAdmin configAdmin() {
        Configuration cfg = (Configuration) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Configuration.class}, (p, m, a) -> switch (m.getName()) {
                case "getProperties" -> agent;
                default -> throw new UnsupportedOperationException(m.getName());
                });
        return (ConfigurationAdmin) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ConfigurationAdmin.class}, (p, m, a) -> switch (m.getName()) {
                case "listConfigurations" -> String.valueOf(a[0]).equals("(service.pid=mechos.runtime.agent)")
                        ? new Configuration[] {cfg}
                        : null;
                default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    private PatrolWaypoints publisher(String pid) {
        ConfigurationAdmin ca = configAdmin();
        return new PatrolWaypoints(bus, () -> ca, pid, "waypoints", "odom", () -> 5L);
    }

    @Test
    void theConfiguredLoopIsPublishedWithEachPoseHeadingToTheNext() {
        agent.put("waypoints", "3.5,0.0; 3.5,-2.3; -1.5,-2.3; -1.5,0.5");
        PoseList l = publisher("mechos.runtime.agent").publish();
        assertEquals(1, out.size());
        assertEquals(DataTopics.PATROL, out.get(0).topic());
        assertEquals("odom", l.frameId());
        assertEquals("mechos.runtime.agent/waypoints", l.source());
        assertEquals(4, l.poses().size());
        assertEquals(new PoseList.Pose(3.5, 0.0, -Math.PI / 2), l.poses().get(0));
        assertEquals(Math.PI, l.poses().get(1).yaw(), 1e-12);
        assertEquals(Math.atan2(-0.5, 5.0), l.poses().get(3).yaw(), 1e-12, "the last heads back to the first");
        assertEquals(5L, l.timestampNanos());
    }

    @Test
    void malformedMissingOrUnreachableWaypointsPublishNothing() {
        agent.put("waypoints", "3.5,0.0; north");
        assertNull(publisher("mechos.runtime.agent").publish());
        agent.put("waypoints", "1,NaN");
        assertNull(publisher("mechos.runtime.agent").publish());
        assertNull(publisher("mechos.other").publish(), "no such configuration");
        assertNull(new PatrolWaypoints(bus, () -> null, "mechos.runtime.agent", "waypoints", "odom", () -> 5L)
                .publish(), "no Config Admin");
        agent.remove("waypoints");
        assertNull(publisher("mechos.runtime.agent").publish(), "no such key");
        assertEquals(List.of(), out);

        assertTrue(assertThrows(IllegalArgumentException.class, () -> PatrolWaypoints.parse("1,2,3")).getMessage()
                .contains("'1,2,3' is not 'x,y'"));
        assertEquals(List.of(new PoseList.Pose(1, 2, 0)), PatrolWaypoints.parse(" 1 , 2 ; "));
    }
}
