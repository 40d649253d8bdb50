package mechos.perception.api;

import mechos.hal.api.Point3;
import mechos.hal.api.Pose2D;

/**
 * A rigid 3-D transform: a rotation (unit quaternion) followed by a translation. {@code T_a_b} maps a point
 * expressed in frame {@code b} into frame {@code a}: {@code p_a = T_a_b.apply(p_b)}.
 *
 * @param x  m
 * @param y  m
 * @param z  m
 * @param qw quaternion scalar part
 * @param qx quaternion x
 * @param qy quaternion y
 * @param qz quaternion z
 */
public record Transform(double x, double y, double z, double qw, double qx, double qy, double qz) {
    public static final Transform IDENTITY = new Transform(0, 0, 0, 1, 0, 0, 0);

    /**
     * Normalises the quaternion (and its sign, so that {@code qw >= 0}).
     *
     * @throws IllegalArgumentException if a component is not finite or the quaternion is zero
     */
    public Transform {
        if (!(Double.isFinite(x) && Double.isFinite(y) && Double.isFinite(z) && Double.isFinite(qw)
                && Double.isFinite(qx) && Double.isFinite(qy) && Double.isFinite(qz))) {
            throw new IllegalArgumentException("transform has a non-finite component");
        }
        double n = Math.sqrt(qw * qw + qx * qx + qy * qy + qz * qz);
        if (n < 1e-12) {
            throw new IllegalArgumentException("zero quaternion");
        }
        double s = qw < 0 ? -1 / n : 1 / n;
        qw *= s;
        qx *= s;
        qy *= s;
        qz *= s;
    }

    /** @return the transform with rotation roll (about x), then pitch (about y), then yaw (about z), in rad */
    public static Transform of(double x, double y, double z, double roll, double pitch, double yaw) {
        double cr = Math.cos(roll / 2), sr = Math.sin(roll / 2);
        double cp = Math.cos(pitch / 2), sp = Math.sin(pitch / 2);
        double cy = Math.cos(yaw / 2), sy = Math.sin(yaw / 2);
        return new Transform(x, y, z, cr * cp * cy + sr * sp * sy, sr * cp * cy - cr * sp * sy,
                cr * sp * cy + sr * cp * sy, cr * cp * sy - sr * sp * cy);
    }

    /** @return a planar transform (translation in the xy plane, rotation about z) */
    public static Transform planar(double x, double y, double yaw) {
        return new Transform(x, y, 0, Math.cos(yaw / 2), 0, 0, Math.sin(yaw / 2));
    }

    /** @return {@link #planar} of a pose */
    public static Transform of(Pose2D pose) {
        return planar(pose.x(), pose.y(), pose.theta());
    }

    /** @return {@code this ∘ other}: first {@code other}, then this ({@code T_a_b.then(T_b_c) = T_a_c}) */
    public Transform then(Transform o) {
        double[] p = rotate(o.x, o.y, o.z);
        return new Transform(x + p[0], y + p[1], z + p[2],
                qw * o.qw - qx * o.qx - qy * o.qy - qz * o.qz,
                qw * o.qx + qx * o.qw + qy * o.qz - qz * o.qy,
                qw * o.qy - qx * o.qz + qy * o.qw + qz * o.qx,
                qw * o.qz + qx * o.qy - qy * o.qx + qz * o.qw);
    }

    /** @return the inverse ({@code T_b_a} for {@code T_a_b}) */
    public Transform inverse() {
        Transform r = new Transform(0, 0, 0, qw, -qx, -qy, -qz);
        double[] p = r.rotate(-x, -y, -z);
        return new Transform(p[0], p[1], p[2], qw, -qx, -qy, -qz);
    }

    /** @return the point mapped by this transform */
    public Point3 apply(Point3 p) {
        double[] r = rotate(p.x(), p.y(), p.z());
        return new Point3(r[0] + x, r[1] + y, r[2] + z);
    }

    /** Rotates a vector (no translation). Allocation-light helper for bulk conversion. */
    public double[] rotate(double vx, double vy, double vz) {
        // v' = v + 2w(q×v) + 2 q×(q×v)
        double tx = 2 * (qy * vz - qz * vy);
        double ty = 2 * (qz * vx - qx * vz);
        double tz = 2 * (qx * vy - qy * vx);
        return new double[] {vx + qw * tx + (qy * tz - qz * ty), vy + qw * ty + (qz * tx - qx * tz),
                vz + qw * tz + (qx * ty - qy * tx)};
    }

    /** @return rotation about z in rad, wrapped to (-π, π] */
    public double yaw() {
        return Pose2D.wrap(Math.atan2(2 * (qw * qz + qx * qy), 1 - 2 * (qy * qy + qz * qz)));
    }

    /** @return the projection on the xy plane (translation x, y and {@link #yaw()}) */
    public Pose2D toPose2D() {
        return new Pose2D(x, y, yaw());
    }

    /**
     * Interpolates between two transforms: linear in translation, spherical-linear in rotation.
     *
     * @param fraction 0 gives {@code a}, 1 gives {@code b}
     */
    public static Transform interpolate(Transform a, Transform b, double fraction) {
        double dot = a.qw * b.qw + a.qx * b.qx + a.qy * b.qy + a.qz * b.qz;
        double bw = b.qw, bx = b.qx, by = b.qy, bz = b.qz;
        if (dot < 0) {
            dot = -dot;
            bw = -bw;
            bx = -bx;
            by = -by;
            bz = -bz;
        }
        double wa, wb;
        if (dot > 0.9995) {
            wa = 1 - fraction;
            wb = fraction;
        } else {
            double theta = Math.acos(dot);
            double sin = Math.sin(theta);
            wa = Math.sin((1 - fraction) * theta) / sin;
            wb = Math.sin(fraction * theta) / sin;
        }
        return new Transform(a.x + (b.x - a.x) * fraction, a.y + (b.y - a.y) * fraction,
                a.z + (b.z - a.z) * fraction, wa * a.qw + wb * bw, wa * a.qx + wb * bx, wa * a.qy + wb * by,
                wa * a.qz + wb * bz);
    }
}
