package mechos.hal.sim.internal;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.rosmap.api.MapFormatException;
import mechos.rosmap.api.OccupancyGrid;
import mechos.rosmap.api.RosMapLoader;
import mechos.hal.sim.internal.world.Shape;
import mechos.hal.sim.internal.world.ShapeParser;
import mechos.hal.sim.internal.world.World;
import mechos.platform.api.RunDirectory;

/**
 * A simulated world built from configuration. Registered (for this bundle's robots only) with the service property
 * {@value #NAME_PROPERTY}. A map that cannot be loaded fails activation with a message naming the file and the
 * problem.
 */
@Component(immediate = true, service = SimWorld.class,
        configurationPid = SimWorld.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = SimWorldConfig.class, factory = true)
public final class SimWorld {
    static final String PID = "mechos.hal.sim.world";
    static final String NAME_PROPERTY = "mechos.sim.world";
    static final String BUILTIN_PREFIX = "builtin:";
    static final String BUILTIN_DEFAULT = "builtin:default";
    private static final Logger LOG = LoggerFactory.getLogger(SimWorld.class);

    private final World world;
    private final Path baseDir;
    private final List<Long> configuredShapes = new ArrayList<>();
    private String map;

    /** Relative map paths resolve against the run directory, so the world waits for it. */
    @Activate
    public SimWorld(SimWorldConfig config, @Reference RunDirectory runDirectory) {
        this(config, runDirectory.home());
    }

    /** @param baseDir directory relative map paths are resolved against */
    SimWorld(SimWorldConfig config, Path baseDir) {
        String name = requireName(config);
        this.baseDir = baseDir;
        List<Shape> shapes = shapes(config);
        OccupancyGrid grid;
        try {
            grid = loadMap(config.map(), baseDir);
        } catch (MapFormatException e) {
            LOG.error("Simulated world '{}' cannot start: {}", name, e.getMessage());
            throw new IllegalArgumentException("world '" + name + "' (property map): " + e.getMessage(), e);
        }
        this.world = new World(name, grid, List.of());
        this.map = config.map();
        shapes.forEach(shape -> configuredShapes.add(world.addObstacle(shape)));
        LOG.info("Simulated world '{}' loaded: map {} ({}), {} extra shapes", name,
                config.map().isBlank() ? "none" : config.map(), describe(grid), shapes.size());
    }

    /**
     * Applies a changed configuration without restarting the robots in this world: the configured shapes are
     * replaced and a changed map is reloaded. A map that cannot be loaded is reported and the previous map stays
     * (the robots keep running in a known world).
     */
    @Modified
    synchronized void modified(SimWorldConfig config) {
        List<Shape> shapes = shapes(config);
        if (!config.map().equals(map)) {
            try {
                OccupancyGrid grid = loadMap(config.map(), baseDir);
                world.setGrid(grid);
                map = config.map();
                LOG.info("Simulated world '{}': map now {} ({})", world.name(), map.isBlank() ? "none" : map,
                        describe(grid));
            } catch (MapFormatException e) {
                LOG.error("Simulated world '{}': new map rejected, keeping {}: {}", world.name(), map,
                        e.getMessage());
            }
        }
        configuredShapes.forEach(world::removeObstacle);
        configuredShapes.clear();
        shapes.forEach(shape -> configuredShapes.add(world.addObstacle(shape)));
        LOG.info("Simulated world '{}': {} configured shapes", world.name(), shapes.size());
    }

    /** @throws IllegalArgumentException if the name is empty (also the bundle's validator) */
    static String requireName(SimWorldConfig config) {
        String name = config.mechos_sim_world();
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(PID + ": property " + NAME_PROPERTY + " must not be empty");
        }
        return name;
    }

    private static List<Shape> shapes(SimWorldConfig config) {
        List<Shape> shapes = new ArrayList<>();
        shapes.addAll(rectangles(config));
        shapes.addAll(circles(config));
        return shapes;
    }

    /** @throws IllegalArgumentException naming the entry of property rectangles that is not a rectangle */
    static List<Shape> rectangles(SimWorldConfig config) {
        return ShapeParser.rectangles(PID + " '" + config.mechos_sim_world() + "' property rectangles",
                config.rectangles());
    }

    /** @throws IllegalArgumentException naming the entry of property circles that is not a circle */
    static List<Shape> circles(SimWorldConfig config) {
        return ShapeParser.circles(PID + " '" + config.mechos_sim_world() + "' property circles", config.circles());
    }

    private static String describe(OccupancyGrid grid) {
        return grid == null ? "open plane"
                : grid.width() + "x" + grid.height() + " cells at " + grid.resolution() + " m";
    }

    /** @return the world robots move in */
    public World world() {
        return world;
    }

    static OccupancyGrid loadMap(String map, Path baseDir) throws MapFormatException {
        if (map == null || map.isBlank()) {
            return null;
        }
        RosMapLoader.Result result;
        if (map.startsWith(BUILTIN_PREFIX)) {
            String base = "/worlds/" + map.substring(BUILTIN_PREFIX.length());
            InputStream yaml = SimWorld.class.getResourceAsStream(base + ".yaml");
            if (yaml == null) {
                throw new MapFormatException(map, "no built-in world of that name (known: " + BUILTIN_DEFAULT + ")");
            }
            try (yaml) {
                result = RosMapLoader.load(map, yaml, rel -> SimWorld.class.getResourceAsStream("/worlds/" + rel));
            } catch (java.io.IOException e) {
                throw new MapFormatException(map, "cannot read: " + e.getMessage(), e);
            }
        } else {
            Path file = baseDir.resolve(map);
            result = RosMapLoader.load(file);
        }
        if (result.ignoredYaw() != 0) {
            LOG.warn("Map {}: origin yaw {} is ignored (as by ROS map_server consumers)", map, result.ignoredYaw());
        }
        return result.grid();
    }

    @Override
    public String toString() {
        return "SimWorld[" + world.name() + "]";
    }
}
