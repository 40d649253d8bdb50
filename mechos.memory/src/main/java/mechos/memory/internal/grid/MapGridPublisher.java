package mechos.memory.internal.grid;

import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.kernel.api.bus.EventBus;
import mechos.memory.api.DataTopics;
import mechos.memory.api.MapGrid;
import mechos.perception.api.OccupancyMap;
import mechos.perception.api.Transform;
import mechos.perception.api.TransformException;
import mechos.perception.api.Transforms;
import mechos.rosmap.api.MapFormatException;
import mechos.rosmap.api.RosMapLoader;

/**
 * Publishes {@link DataTopics#MAP_SLICE} after map updates (the caller paces {@link #tick()}, so at most its rate)
 * and {@link DataTopics#STATIC_MAP}. Never throws out of {@link #tick()} or {@link #publishStatic()}; problems are
 * one WARN each until they clear.
 */
final class MapGridPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(MapGridPublisher.class);

    /** Validated settings. */
    record Settings(double radius, int maxCells, String mapFrame, String lidarFrame, double fallbackHeight,
            Path staticMap, int staticMaxCells) {
    }

    private final EventBus bus;
    private final Supplier<OccupancyMap> map;
    private final Supplier<Transforms> transforms;
    private final Settings settings;
    private final LongSupplier wallNanos;
    private final AtomicBoolean dirty = new AtomicBoolean();
    private volatile String lastProblem;
    private MapGrid staticGrid;
    private boolean staticLoaded;

    MapGridPublisher(EventBus bus, Supplier<OccupancyMap> map, Supplier<Transforms> transforms, Settings settings,
            LongSupplier wallNanos) {
        this.bus = Objects.requireNonNull(bus, "bus");
        this.map = map;
        this.transforms = transforms;
        this.settings = settings;
        this.wallNanos = wallNanos;
    }

    /** The map changed (called on the bus delivery thread: only sets a flag). */
    void mapUpdated() {
        dirty.set(true);
    }

    /**
     * Publishes one slice if the map changed since the last one.
     *
     * @return the slice published, or null
     */
    MapGrid tick() {
        if (!dirty.get()) {
            return null;
        }
        try {
            OccupancyMap m = map.get();
            Transforms tf = transforms.get();
            if (m == null || tf == null) {
                waiting("map slice waits for perception's occupancy map and transforms");
                return null;
            }
            Transform lidar;
            try {
                lidar = tf.lookupLatest(settings.mapFrame(), settings.lidarFrame());
            } catch (TransformException e) {
                waiting("map slice waits for the pose of '" + settings.lidarFrame() + "' in '" + settings.mapFrame()
                        + "': " + e.getMessage());
                return null;
            }
            dirty.set(false);
            double z = Double.isFinite(lidar.z()) ? lidar.z() : settings.fallbackHeight();
            MapGrid g = GridSlicer.slice(m.view(), settings.mapFrame(), lidar.x(), lidar.y(), z, settings.radius(),
                    settings.maxCells(), wallNanos.getAsLong());
            bus.publish(DataTopics.MAP_SLICE, g);
            lastProblem = null;
            return g;
        } catch (RuntimeException e) {
            problem("map slice failed: " + e);
            return null;
        }
    }

    /**
     * Loads the static map once (a broken file is one WARN naming it and the reason, and no map) and publishes it.
     *
     * @return the map published, or null
     */
    MapGrid publishStatic() {
        if (settings.staticMap() == null) {
            return null;
        }
        if (!staticLoaded) {
            staticLoaded = true;
            try {
                RosMapLoader.Result r = RosMapLoader.load(settings.staticMap());
                staticGrid = GridSlicer.staticMap(r.grid(), settings.mapFrame(), 0.0, settings.staticMaxCells(),
                        wallNanos.getAsLong());
                LOG.info("map grid: static map {} ({}x{} cells of {} m) published on {}", settings.staticMap(),
                        staticGrid.columns(), staticGrid.rows(), staticGrid.cellSize(),
                        DataTopics.STATIC_MAP.name());
            } catch (MapFormatException | RuntimeException e) {
                LOG.warn("map grid: static map {} not published: {}", settings.staticMap(), e.getMessage());
            }
        }
        MapGrid g = staticGrid;
        if (g == null) {
            return null;
        }
        MapGrid now = new MapGrid(wallNanos.getAsLong(), g.frameId(), g.originX(), g.originY(), g.originZ(),
                g.originYaw(), g.cellSize(), g.columns(), g.rows(), g.occupancy());
        bus.publish(DataTopics.STATIC_MAP, now);
        return now;
    }

    private void waiting(String p) {
        if (!p.equals(lastProblem)) {
            lastProblem = p;
            LOG.info("{}", p);
        }
    }

    private void problem(String p) {
        if (!p.equals(lastProblem)) {
            lastProblem = p;
            LOG.warn("{}", p);
        }
    }
}
