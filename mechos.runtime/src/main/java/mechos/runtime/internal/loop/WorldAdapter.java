package mechos.runtime.internal.loop;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

import mechos.hal.api.Odometry;
import mechos.hal.api.OdometryReading;
import mechos.hal.api.Pose2D;
import mechos.kernel.api.Clearance;
import mechos.kernel.api.ClearanceQuery;
import mechos.perception.api.Obstacle;
import mechos.perception.api.WorldModel;
import mechos.perception.api.WorldSnapshot;
import mechos.runtime.internal.behaviours.WorldView;

/**
 * The brain's view of the world from whatever is installed: perception's world model and clearance queries when
 * present, raw wheel odometry for the pose otherwise, and "unknown" clearance without perception.
 */
public final class WorldAdapter implements WorldView {
    private static final double HORIZON = 3.0;

    public final AtomicReference<WorldModel> worldModel = new AtomicReference<>();
    public final AtomicReference<ClearanceQuery> clearance = new AtomicReference<>();
    public final AtomicReference<Odometry> odometry = new AtomicReference<>();
    private final double footprintRadius;
    private final LongSupplier maxAgeNanos;

    /**
     * @param maxAgeNanos the kernel's limit ({@link mechos.kernel.api.Kernel#clearanceMaxAgeNanos()}), read at each
     *                    query: a clearance answer built from older data counts as unknown, because the kernel holds
     *                    such motion to creep speed, so the behaviours plan for creep speed too instead of asking for
     *                    more and being cut back on every command
     */
    public WorldAdapter(double footprintRadius, LongSupplier maxAgeNanos) {
        this.footprintRadius = footprintRadius;
        this.maxAgeNanos = maxAgeNanos;
    }

    @Override
    public Optional<Pose2D> pose() {
        WorldModel wm = worldModel.get();
        if (wm != null) {
            WorldSnapshot s = wm.snapshot();
            if (s != null && s.pose() != null) {
                return Optional.of(s.pose().pose());
            }
        }
        Odometry odo = odometry.get();
        if (odo != null) {
            OdometryReading r = odo.latest();
            if (r != null) {
                return Optional.of(new Pose2D(r.x(), r.y(), r.theta()));
            }
        }
        return Optional.empty();
    }

    @Override
    public Clearance clearance(double linear, double angular) {
        ClearanceQuery q = clearance.get();
        if (q == null) {
            return Clearance.unknown();
        }
        Clearance c = q.clearance(linear, angular, footprintRadius, HORIZON);
        return c.valid() && !(c.dataAgeNanos() <= maxAgeNanos.getAsLong())
                ? new Clearance(c.timeToCollision(), c.nearestObstacle(), c.dataAgeNanos(), false) : c;
    }

    /** @return the measured body velocity {linear, angular} from odometry, if a driver reports it */
    Optional<double[]> velocity() {
        Odometry odo = odometry.get();
        OdometryReading r = odo == null ? null : odo.latest();
        return r == null ? Optional.empty() : Optional.of(new double[] {r.linear(), r.angular()});
    }

    /** @return up to {@code n} nearest obstacles from perception, nearest first */
    List<Obstacle> nearbyObstacles(int n) {
        WorldModel wm = worldModel.get();
        if (wm == null) {
            return List.of();
        }
        WorldSnapshot s = wm.snapshot();
        List<Obstacle> all = s == null ? List.of() : s.nearbyObstacles();
        return all.subList(0, Math.min(n, all.size()));
    }
}
