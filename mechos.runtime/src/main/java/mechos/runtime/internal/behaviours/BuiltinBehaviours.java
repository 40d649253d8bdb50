package mechos.runtime.internal.behaviours;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import mechos.hal.api.Pose2D;
import mechos.kernel.api.Clearance;
import mechos.runtime.internal.bt.LeafFactory;
import mechos.runtime.internal.bt.Leaves;

/**
 * The leaves trees in configuration can use:
 * <ul>
 * <li>{@code hold}: stop and wait</li>
 * <li>{@code return_to_base}: drive to the configured base pose, avoiding obstacles (clearance from perception)</li>
 * <li>{@code patrol}: visit the configured waypoints in a loop, avoiding obstacles</li>
 * <li>{@code goto(x=.., y=..)}: drive to a point</li>
 * <li>{@code has_pose}: a pose is known</li>
 * <li>{@code path_clear(seconds=2)}: driving forward at the max speed would not collide within that time</li>
 * <li>{@code at_base}: within the goal tolerance of the base</li>
 * </ul>
 */
public final class BuiltinBehaviours {
    private BuiltinBehaviours() {
    }

    /** @param goals where {@code goto}, {@code return_to_base} and {@code patrol} report the goal they follow */
    public static Map<String, LeafFactory> leaves(IntentSink sink, WorldView world, MotionLimits limits,
            Pose2D base, List<double[]> waypoints, LongSupplier clock, GoalSink goals) {
        Map<String, LeafFactory> m = new HashMap<>();
        m.put("hold", p -> new Hold(sink));
        m.put("return_to_base", p -> new GoTo("return_to_base", base.x(), base.y(), sink, world, limits, clock,
                goals));
        m.put("patrol", p -> new Patrol(waypoints, sink, world, limits, clock, goals));
        m.put("goto", p -> new GoTo("goto", number(p, "x"), number(p, "y"), sink, world, limits, clock,
                goals));
        m.put("has_pose", p -> Leaves.condition("has_pose", bb -> world.pose().isPresent()));
        m.put("at_base", p -> Leaves.condition("at_base", bb -> world.pose()
                .map(q -> Math.hypot(q.x() - base.x(), q.y() - base.y()) <= limits.goalTolerance()).orElse(false)));
        m.put("path_clear", p -> {
            double seconds = p.containsKey("seconds") ? number(p, "seconds") : 2.0;
            return Leaves.condition("path_clear", bb -> {
                Clearance c = world.clearance(limits.maxLinear(), 0);
                return c.valid() && c.timeToCollision() >= seconds;
            });
        });
        return m;
    }

    /**
     * The {@code goto} behaviour on its own, for callers outside a tree (the fleet's goto task executor): drives to
     * {@code (x, y)} through {@code sink}; SUCCESS within the goal tolerance after a Stop, FAILURE without a pose or
     * when stuck. The goal it follows goes to {@code goals}.
     */
    public static mechos.runtime.api.bt.Node goTo(String name, double x, double y, IntentSink sink, WorldView world,
            MotionLimits limits, LongSupplier clock, GoalSink goals) {
        return new GoTo(name, x, y, sink, world, limits, clock, goals);
    }

    private static double number(Map<String, String> params, String key) {
        String v = params.get(key);
        if (v == null) {
            throw new IllegalArgumentException("missing parameter '" + key + "'");
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("parameter '" + key + "' is not a number: " + v, e);
        }
    }

    /** Parses {@code "x,y; x,y; ..."}. */
    public static List<double[]> parseWaypoints(String text) {
        List<double[]> out = new java.util.ArrayList<>();
        for (String part : text.split(";")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            String[] xy = p.split(",");
            if (xy.length != 2) {
                throw new IllegalArgumentException("waypoints: '" + p + "' is not 'x,y'");
            }
            try {
                double x = Double.parseDouble(xy[0].strip());
                double y = Double.parseDouble(xy[1].strip());
                if (!Double.isFinite(x) || !Double.isFinite(y)) {
                    throw new IllegalArgumentException("waypoints: '" + p + "' is not finite");
                }
                out.add(new double[] {x, y});
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("waypoints: '" + p + "' is not 'x,y'", e);
            }
        }
        return out;
    }

    /** Parses {@code "x,y,theta"}. */
    public static Pose2D parsePose(String text) {
        String[] p = text.split(",");
        if (p.length != 3) {
            throw new IllegalArgumentException("base_pose: '" + text + "' is not 'x,y,theta'");
        }
        try {
            return new Pose2D(Double.parseDouble(p[0].strip()), Double.parseDouble(p[1].strip()),
                    Double.parseDouble(p[2].strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("base_pose: '" + text + "' is not 'x,y,theta'", e);
        }
    }
}
