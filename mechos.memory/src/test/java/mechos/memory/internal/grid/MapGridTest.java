package mechos.memory.internal.grid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import mechos.hal.api.Point3;
import mechos.hal.api.Pose2D;
import mechos.kernel.api.bus.Envelope;
import mechos.memory.api.DataTopics;
import mechos.memory.api.MapGrid;
import mechos.memory.testsupport.FakeEventBus;
import mechos.perception.api.CellState;
import mechos.perception.api.InputStats;
import mechos.perception.api.MapStats;
import mechos.perception.api.MapView;
import mechos.perception.api.Obstacle;
import mechos.perception.api.Occupancy;
import mechos.perception.api.OccupancyMap;
import mechos.perception.api.RayHit;
import mechos.perception.api.StampedTransform;
import mechos.perception.api.Transform;
import mechos.perception.api.TransformException;
import mechos.perception.api.Transforms;
import mechos.rosmap.api.OccupancyGrid;

/** The occupancy-map slice and the static map as bounded {@link MapGrid}s on the bus. */
class MapGridTest {
    /** A 5 cm map: free below z = 1 m inside x, y in [-2, 2], one wall voxel column at x = 1.025, y = 0.025. */
    static final class FakeMap implements OccupancyMap {
        final AtomicInteger lookups = new AtomicInteger();

        @Override
        public MapView view() {
            return this;
        }

        @Override
        public double resolution() {
            return 0.05;
        }

        @Override
        public CellState cellAt(Point3 p) {
            lookups.incrementAndGet();
            if (Math.abs(p.x()) > 2 || Math.abs(p.y()) > 2 || p.z() > 1) {
                return CellState.UNKNOWN;
            }
            if (Math.floor(p.x() / 0.05) == 20 && Math.floor(p.y() / 0.05) == 0) {
                return new CellState(Occupancy.OCCUPIED, 0.97, 0.05);
            }
            return new CellState(Occupancy.FREE, 0.12, 0.05);
        }

        @Override
        public MapStats stats() {
            return new MapStats(1, 0.05, 1, 1, 1, 0, 0, 0);
        }

        @Override
        public InputStats inputStats() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<RayHit> castRay(Point3 origin, Point3 direction, double maxRange) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Obstacle> nearestObstacle(Point3 center, double radius) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Obstacle> nearestObstacle2D(double x, double y, double radius) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Obstacle> obstaclesWithin2D(double x, double y, double radius, int max) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean segmentClear(Point3 from, Point3 to, double radius) {
            throw new UnsupportedOperationException();
        }

        @Override
        public double timeToCollision(Pose2D pose, double linear, double angular, double footprintRadius,
                double horizonSeconds) {
            throw new UnsupportedOperationException();
        }
    }

    /** map → laser at (0.5, 0, 0.3) once {@code known} is set. */
    static final class FakeTransforms implements Transforms {
        volatile boolean known;

        @Override
        public Transform lookup(String target, String source, long timeNanos) {
            return lookupLatest(target, source);
        }

        @Override
        public Transform lookupLatest(String target, String source) {
            if (!known || !"map".equals(target) || !"laser".equals(source)) {
                throw new TransformException(TransformException.Reason.values()[0], target + "<-" + source);
            }
            return new Transform(0.5, 0, 0.3, 1, 0, 0, 0);
        }

        @Override
        public boolean publish(StampedTransform transform) {
            return false;
        }

        @Override
        public Set<String> frames() {
            return Set.of("map", "laser");
        }
    }

    @TempDir
    Path dir;

    @Test
    void aSliceAtTheLidarHeightShowsOccupiedFreeAndUnknownCellsAlignedToTheMap() {
        MapGrid g = GridSlicer.slice(new FakeMap(), "map", 0.5, 0.0, 0.3, 3.0, 1_000_000, 42L);
        assertEquals(120, g.columns());
        assertEquals(120, g.rows());
        assertEquals(0.05, g.cellSize(), 1e-12);
        assertEquals(-2.5, g.originX(), 1e-9);
        assertEquals(-3.0, g.originY(), 1e-9);
        assertEquals(0.3, g.originZ());
        assertEquals("map", g.frameId());
        // the wall voxel [1.0, 1.05) x [0, 0.05) is column (1.0 + 2.5) / 0.05 = 70, row 3.0 / 0.05 = 60
        assertEquals(97, g.at(70, 60));
        assertEquals(12, g.at(69, 60));
        assertEquals(-1, g.at(119, 60), "x beyond 2 m is unknown");
        // above the map's known height everything is unknown
        MapGrid high = GridSlicer.slice(new FakeMap(), "map", 0.5, 0.0, 1.5, 3.0, 1_000_000, 42L);
        for (byte b : high.occupancy()) {
            assertEquals(-1, b);
        }
    }

    @Test
    void aLargeAreaIsCoarsenedWithinTheCellBoundAndKeepsItsObstacle() {
        MapGrid g = GridSlicer.slice(new FakeMap(), "map", 0.5, 0.0, 0.3, 3.0, 1000, 42L);
        assertTrue(g.columns() * g.rows() <= 1000, g.columns() + "x" + g.rows());
        int factor = (int) Math.round(g.cellSize() / 0.05);
        assertEquals(4, factor);
        assertEquals(97, g.at(70 / factor, 60 / factor), "the one occupied voxel survives coarsening");
        int occupied = 0;
        for (byte b : g.occupancy()) {
            occupied += b == 97 ? 1 : 0;
        }
        assertEquals(1, occupied);
    }

    @Test
    void slicesArePublishedOnlyAfterAMapUpdateAndOnlyWithAPose() {
        FakeEventBus bus = new FakeEventBus();
        List<Envelope<?>> out = new ArrayList<>();
        bus.subscribeAll(t -> true, "test", 100, out::add);
        FakeMap map = new FakeMap();
        FakeTransforms tf = new FakeTransforms();
        MapGridPublisher p = new MapGridPublisher(bus, () -> map, () -> tf,
                new MapGridPublisher.Settings(2.0, 250_000, "map", "laser", 0.2, null, 1000), () -> 7L);
        assertNull(p.tick(), "no map update yet");
        p.mapUpdated();
        assertNull(p.tick(), "no LiDAR pose yet");
        assertEquals(0, map.lookups.get());
        tf.known = true;
        MapGrid g = p.tick();
        assertNotNull(g, "the update is still pending once the pose is known");
        assertNull(p.tick(), "one slice per update");
        assertEquals(1, out.size());
        assertEquals(DataTopics.MAP_SLICE, out.get(0).topic());
        assertEquals(0.3, g.originZ(), "at the LiDAR's height");
        assertEquals(-1.5, g.originX(), 1e-9, "centred on the LiDAR");
        assertEquals(7L, g.timestampNanos());

        FakeEventBus noMap = new FakeEventBus();
        MapGridPublisher without = new MapGridPublisher(noMap, () -> null, () -> null,
                new MapGridPublisher.Settings(2.0, 250_000, "map", "laser", 0.2, null, 1000), () -> 7L);
        without.mapUpdated();
        assertNull(without.tick());
    }

    @Test
    void theStaticRosMapIsPublishedBoundedAndABrokenFileIsOneWarnNotAThrow() throws Exception {
        // 4 x 2 P2 PGM: top row black (occupied), bottom row white (free), one mid-grey (unknown)
        Files.writeString(dir.resolve("m.pgm"), "P2\n4 2\n255\n0 0 0 205\n255 255 255 255\n",
                StandardCharsets.US_ASCII);
        Files.writeString(dir.resolve("m.yaml"), "image: m.pgm\nresolution: 0.5\norigin: [-1.0, 2.0, 0.0]\n"
                + "occupied_thresh: 0.65\nfree_thresh: 0.196\nnegate: 0\n", StandardCharsets.US_ASCII);
        FakeEventBus bus = new FakeEventBus();
        List<Envelope<?>> out = new ArrayList<>();
        bus.subscribeAll(t -> true, "test", 100, out::add);
        MapGridPublisher p = new MapGridPublisher(bus, () -> null, () -> null,
                new MapGridPublisher.Settings(2.0, 250_000, "map", "laser", 0.2, dir.resolve("m.yaml"), 1000),
                () -> 9L);
        MapGrid g = p.publishStatic();
        assertNotNull(g);
        assertEquals(DataTopics.STATIC_MAP, out.get(0).topic());
        assertEquals(4, g.columns());
        assertEquals(2, g.rows());
        assertEquals(-1.0, g.originX());
        assertEquals(2.0, g.originY());
        assertEquals(0, g.at(0, 0), "bottom row free");
        assertEquals(100, g.at(0, 1), "top row occupied");
        assertEquals(-1, g.at(3, 1), "grey is unknown");
        assertNotNull(p.publishStatic(), "re-published from memory");
        assertEquals(2, out.size());

        Files.writeString(dir.resolve("bad.yaml"), "image: missing.pgm\nresolution: 0.5\norigin: [0, 0, 0]\n",
                StandardCharsets.US_ASCII);
        MapGridPublisher bad = new MapGridPublisher(bus, () -> null, () -> null,
                new MapGridPublisher.Settings(2.0, 250_000, "map", "laser", 0.2, dir.resolve("bad.yaml"), 1000),
                () -> 9L);
        assertNull(bad.publishStatic());
        assertEquals(2, out.size());
    }

    @Test
    void aLargeStaticMapIsCoarsenedToTheBound() {
        byte[] cells = new byte[100 * 60];
        cells[59 * 100 + 99] = OccupancyGrid.OCCUPIED;
        OccupancyGrid big = new OccupancyGrid(100, 60, 0.1, 0, 0, cells);
        MapGrid g = GridSlicer.staticMap(big, "map", 0.0, 1000, 1L);
        assertTrue(g.columns() * g.rows() <= 1000);
        assertEquals(0.3, g.cellSize(), 1e-12);
        assertEquals(100, g.at(g.columns() - 1, g.rows() - 1));
        assertEquals(0, g.at(0, 0));
    }
}
