package mechos.hal.sim.internal.world;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import mechos.rosmap.api.OccupancyGrid;

/**
 * The simulated 2-D world: an optional static occupancy grid (a ROS map) plus solid shapes that can be added and
 * removed while the simulation runs. This is the simulator's internal API for changing the world
 * programmatically (e.g. a test removes an obstacle and checks that perception forgets it).
 *
 * <p><b>Threading.</b> Queries are lock-free and may run on any thread, concurrently with
 * {@link #addObstacle}/{@link #removeObstacle}; a query sees either the old or the new set of obstacles.
 */
public final class World {
    /** A shape placed in the world, with the id that removes it. */
    public record Obstacle(long id, Shape shape) {
    }

    private final String name;
    private volatile OccupancyGrid grid;
    private final AtomicLong nextId = new AtomicLong(1);
    private final Object writeLock = new Object();
    private volatile Obstacle[] obstacles = new Obstacle[0];

    /**
     * @param name   for logs
     * @param grid   static map, or null for an open plane
     * @param shapes initial obstacles
     */
    public World(String name, OccupancyGrid grid, List<? extends Shape> shapes) {
        this.name = Objects.requireNonNull(name, "name");
        this.grid = grid;
        shapes.forEach(this::addObstacle);
    }

    public String name() {
        return name;
    }

    public Optional<OccupancyGrid> grid() {
        return Optional.ofNullable(grid);
    }

    /** Replaces the static map (null for an open plane); sensors see it from their next sample. */
    public void setGrid(OccupancyGrid next) {
        grid = next;
    }

    /** Adds a solid obstacle; sensors see it from their next sample. @return its id */
    public long addObstacle(Shape shape) {
        Objects.requireNonNull(shape, "shape");
        synchronized (writeLock) {
            long id = nextId.getAndIncrement();
            Obstacle[] next = Arrays.copyOf(obstacles, obstacles.length + 1);
            next[next.length - 1] = new Obstacle(id, shape);
            obstacles = next;
            return id;
        }
    }

    /** Removes an obstacle added earlier. @return false if there was none with that id */
    public boolean removeObstacle(long id) {
        synchronized (writeLock) {
            Obstacle[] current = obstacles;
            for (int i = 0; i < current.length; i++) {
                if (current[i].id() == id) {
                    Obstacle[] next = new Obstacle[current.length - 1];
                    System.arraycopy(current, 0, next, 0, i);
                    System.arraycopy(current, i + 1, next, i, current.length - i - 1);
                    obstacles = next;
                    return true;
                }
            }
            return false;
        }
    }

    /** @return the current obstacles by id, in insertion order (a snapshot) */
    public Map<Long, Shape> obstacles() {
        Map<Long, Shape> out = new LinkedHashMap<>();
        for (Obstacle o : obstacles) {
            out.put(o.id(), o.shape());
        }
        return out;
    }

    /**
     * @param dx unit direction x
     * @param dy unit direction y
     * @return distance to the first solid thing along the ray, or +∞ if nothing within {@code maxRange}
     */
    public double raycast(double ox, double oy, double dx, double dy, double maxRange) {
        OccupancyGrid g = grid;
        double best = g == null ? Double.POSITIVE_INFINITY : g.raycast(ox, oy, dx, dy, maxRange);
        for (Obstacle o : obstacles) {
            double t = o.shape().raycast(ox, oy, dx, dy);
            if (t < best) {
                best = t;
            }
        }
        return best <= maxRange ? best : Double.POSITIVE_INFINITY;
    }

    /** @return true if a disc of {@code radius} at (x, y) overlaps anything solid */
    public boolean collides(double x, double y, double radius) {
        return nearest(x, y, radius) != null;
    }

    /**
     * @return {x, y, distance²} of the nearest solid point within {@code radius} of (x, y), or null if there is
     *         none
     */
    public double[] nearest(double x, double y, double radius) {
        OccupancyGrid g = grid;
        double[] best = g == null ? null : g.nearestOccupied(x, y, radius);
        double bestD2 = best == null ? radius * radius : best[2];
        for (Obstacle o : obstacles) {
            double d2 = o.shape().distanceSquared(x, y);
            if (d2 <= bestD2) {
                double[] p = o.shape().nearestPoint(x, y);
                best = new double[] {p[0], p[1], d2};
                bestD2 = d2;
            }
        }
        return best;
    }

    /** @return {@link OccupancyGrid#OCCUPIED}, {@link OccupancyGrid#FREE} or {@link OccupancyGrid#UNKNOWN} */
    public byte valueAt(double x, double y) {
        for (Obstacle o : obstacles) {
            if (o.shape().contains(x, y)) {
                return OccupancyGrid.OCCUPIED;
            }
        }
        OccupancyGrid g = grid;
        return g == null ? OccupancyGrid.FREE : g.valueAt(x, y);
    }
}
