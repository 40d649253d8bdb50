package mechos.perception.internal.frames;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import mechos.hal.api.Point3;
import mechos.perception.api.StampedTransform;
import mechos.perception.api.Transform;
import mechos.perception.api.TransformException;
import mechos.perception.api.TransformException.Reason;

import org.junit.jupiter.api.Test;

class FrameTreeTest {
    static final long S = 1_000_000_000L;

    static void assertPoint(double x, double y, double z, Point3 p) {
        assertEquals(x, p.x(), 1e-9, "x");
        assertEquals(y, p.y(), 1e-9, "y");
        assertEquals(z, p.z(), 1e-9, "z");
    }

    FrameTree tree() {
        return new FrameTree(List.of(
                new StampedTransform("map", "odom", 0, Transform.planar(10, 0, 0)),
                new StampedTransform("base_link", "laser", 0, Transform.of(0.2, 0, 0.3, 0, 0, Math.PI / 2)),
                new StampedTransform("base_link", "imu", 0, Transform.of(0, -0.1, 0.1, 0, 0, 0))),
                10 * S, 100, 0);
    }

    @Test
    void staticChainBothWaysAgainstHandComputedValues() {
        FrameTree t = tree();
        t.publish(new StampedTransform("odom", "base_link", 0, Transform.planar(1, 2, Math.PI / 2)));
        // a point 1 m ahead of the laser (laser +x = base +y): base (0.2, 1, 0.3); odom: rotate 90° -> (-1, 0.2) + (1,2)
        Point3 inMap = t.lookupLatest("map", "laser").apply(new Point3(1, 0, 0));
        assertPoint(10 + 1 - 1, 2 + 0.2, 0.3, inMap);
        // and back
        assertPoint(1, 0, 0, t.lookupLatest("laser", "map").apply(inMap));
        // between two leaves through their common ancestor base_link: imu origin seen from the laser
        // imu origin in base (0,-0.1,0.1); in laser: subtract (0.2,0,0.3) -> (-0.2,-0.1,-0.2), rotate by -90° -> (-0.1, 0.2, -0.2)
        assertPoint(-0.1, 0.2, -0.2, t.lookupLatest("laser", "imu").apply(Point3.ORIGIN));
        assertPoint(0, -0.1, 0.1, t.lookupLatest("base_link", "imu").apply(Point3.ORIGIN));
        assertEquals(Math.PI / 2, t.lookupLatest("odom", "base_link").yaw(), 1e-12);
        assertEquals(-Math.PI / 2, t.lookupLatest("base_link", "odom").yaw(), 1e-12);
        Transform round = t.lookupLatest("map", "imu").then(t.lookupLatest("imu", "map"));
        assertPoint(0, 0, 0, round.apply(Point3.ORIGIN));
    }

    @Test
    void interpolatesDynamicTransforms() {
        FrameTree t = tree();
        t.publish(new StampedTransform("odom", "base_link", 0, Transform.planar(0, 0, 0)));
        t.publish(new StampedTransform("odom", "base_link", 2 * S, Transform.planar(2, 4, Math.PI / 2)));
        Transform mid = t.lookup("odom", "base_link", S / 2);
        assertEquals(0.5, mid.x(), 1e-12);
        assertEquals(1.0, mid.y(), 1e-12);
        assertEquals(Math.PI / 8, mid.yaw(), 1e-12);
        // through the static chain at t = 1 s: base at (1, 2) heading 45°, laser adds 90° and its mount offset
        Transform mapLaser = t.lookup("map", "laser", S);
        assertEquals(3 * Math.PI / 4, mapLaser.yaw(), 1e-12);
        double c = Math.cos(Math.PI / 4), s = Math.sin(Math.PI / 4);
        assertPoint(10 + 1 + 0.2 * c, 2 + 0.2 * s, 0.3, mapLaser.apply(Point3.ORIGIN));
        // heading across ±π interpolates the short way
        t.publish(new StampedTransform("odom", "base_link", 3 * S, Transform.planar(2, 4, Math.PI - 0.1)));
        t.publish(new StampedTransform("odom", "base_link", 4 * S, Transform.planar(2, 4, -Math.PI + 0.1)));
        assertEquals(Math.PI, Math.abs(t.lookup("odom", "base_link", 7 * S / 2).yaw()), 1e-9);
    }

    @Test
    void clearErrorsForUnknownFramesTimesAndDisconnectedTrees() {
        FrameTree t = tree();
        TransformException e = assertThrows(TransformException.class, () -> t.lookupLatest("map", "camera"));
        assertEquals(Reason.UNKNOWN_FRAME, e.reason());
        assertTrue(e.getMessage().contains("camera"));
        assertEquals(Reason.NOT_CONNECTED,
                assertThrows(TransformException.class, () -> t.lookupLatest("map", "base_link")).reason(),
                "no odom -> base_link published yet: base_link is known only as a parent");
        t.publish(new StampedTransform("odom", "base_link", 5 * S, Transform.IDENTITY));
        t.publish(new StampedTransform("odom", "base_link", 6 * S, Transform.IDENTITY));
        e = assertThrows(TransformException.class, () -> t.lookup("map", "laser", 7 * S));
        assertEquals(Reason.OUT_OF_HISTORY, e.reason());
        assertTrue(e.getMessage().contains("odom -> base_link"), e.getMessage());
        assertEquals(Reason.OUT_OF_HISTORY,
                assertThrows(TransformException.class, () -> t.lookup("map", "laser", 4 * S)).reason());
        t.publish(new StampedTransform("world", "elsewhere", 0, Transform.IDENTITY));
        assertEquals(Reason.NOT_CONNECTED,
                assertThrows(TransformException.class, () -> t.lookupLatest("map", "elsewhere")).reason());
    }

    @Test
    void toleranceHistoryBoundsAndReparenting() {
        FrameTree t = new FrameTree(List.of(), 2 * S, 5, S / 10);
        for (int i = 0; i <= 10; i++) {
            assertTrue(t.publish(new StampedTransform("odom", "base_link", i * S / 2, Transform.planar(i, 0, 0))));
        }
        assertEquals(10.0, t.lookup("odom", "base_link", 5 * S + S / 20).x(), 1e-12, "within tolerance: newest");
        assertEquals(6.5, t.lookup("odom", "base_link", 3 * S + S / 4).x(), 1e-12);
        assertThrows(TransformException.class, () -> t.lookup("odom", "base_link", 2 * S), "older than 2 s span");
        assertFalse(t.publish(new StampedTransform("map", "base_link", 6 * S, Transform.IDENTITY)), "re-parenting");
        assertFalse(t.publish(new StampedTransform("base_link", "odom", 6 * S, Transform.IDENTITY)), "cycle");
        assertThrows(IllegalArgumentException.class, () -> new FrameTree(List.of(
                new StampedTransform("a", "b", 0, Transform.IDENTITY),
                new StampedTransform("c", "b", 0, Transform.IDENTITY)), S, 10, 0));
    }

    @Test
    void transformAlgebra() {
        Transform a = Transform.of(1, 2, 3, 0.1, -0.2, 0.3);
        Transform b = Transform.of(-1, 0.5, 2, 0.7, 0.1, -1.2);
        Point3 p = new Point3(0.3, -0.4, 0.5);
        Point3 viaBoth = a.apply(b.apply(p));
        Point3 composed = a.then(b).apply(p);
        assertPoint(viaBoth.x(), viaBoth.y(), viaBoth.z(), composed);
        assertPoint(p.x(), p.y(), p.z(), a.inverse().apply(a.apply(p)));
        assertEquals(0.3, Transform.of(0, 0, 0, 0, 0, 0.3).yaw(), 1e-12);
    }
}
