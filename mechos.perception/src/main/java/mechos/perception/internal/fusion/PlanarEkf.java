package mechos.perception.internal.fusion;

import mechos.hal.api.Pose2D;

/**
 * An extended Kalman filter for a planar robot.
 *
 * <p><b>Model.</b> State {@code [x, y, θ, v, ω]} (pose in odom, body velocity). Prediction over {@code dt} is the
 * unicycle with constant velocity: {@code x += v cosθ dt, y += v sinθ dt, θ = wrap(θ + ω dt)}; process noise
 * is white acceleration on {@code v} and {@code ω} (variances {@code σa² dt}, {@code σα² dt}) plus a small
 * pose term. Measurements are linear and scalar: wheel odometry gives {@code v} and {@code ω} (taken from the
 * pose increment between two samples of the same device, i.e. the average over the interval, so nothing is lost
 * between samples), the IMU gives {@code ω}. Each measurement first predicts the state to its timestamp, so the
 * pose integrates over time at the rate of all inputs together. When an input goes stale the filter keeps
 * predicting with the other one; unobserved velocity variance grows and so does the pose covariance.
 *
 * <p>Not thread-safe: the caller serialises access.
 */
public final class PlanarEkf {
    /**
     * Noise parameters (standard deviations).
     *
     * @param odomLinear   m/s, of odometry linear velocity
     * @param odomAngular  rad/s, of odometry yaw rate (wheel slip makes this the weak one)
     * @param imuAngular   rad/s, of the gyro yaw rate
     * @param linearAccel  m/s², process noise driving v
     * @param angularAccel rad/s², process noise driving ω
     */
    public record Noise(double odomLinear, double odomAngular, double imuAngular, double linearAccel,
            double angularAccel) {
        public static Noise defaults() {
            return new Noise(0.05, 0.1, 0.02, 1.0, 2.0);
        }
    }

    private static final int N = 5;
    private final Noise noise;
    private final double[] s = new double[N];
    private final double[][] p = new double[N][N];
    private long time;
    private boolean initialised;

    public PlanarEkf(Noise noise) {
        this.noise = noise;
    }

    public boolean initialised() {
        return initialised;
    }

    /** Starts the filter at a pose and time, with small pose and large velocity uncertainty. */
    public void initialise(long timeNanos, Pose2D pose) {
        java.util.Arrays.fill(s, 0);
        s[0] = pose.x();
        s[1] = pose.y();
        s[2] = Pose2D.wrap(pose.theta());
        for (double[] row : p) {
            java.util.Arrays.fill(row, 0);
        }
        p[0][0] = p[1][1] = 1e-4;
        p[2][2] = 1e-4;
        p[3][3] = 1;
        p[4][4] = 1;
        time = timeNanos;
        initialised = true;
    }

    public long time() {
        return time;
    }

    /** Advances the state to {@code timeNanos}; earlier times are ignored (the state is never rewound). */
    public void predict(long timeNanos) {
        double dt = (timeNanos - time) * 1e-9;
        if (dt <= 0) {
            return;
        }
        time = timeNanos;
        double th = s[2], v = s[3], w = s[4];
        double c = Math.cos(th), sn = Math.sin(th);
        s[0] += v * c * dt;
        s[1] += v * sn * dt;
        s[2] = Pose2D.wrap(th + w * dt);
        // F = I + J: only rows 0..2 have off-diagonal terms
        double[][] f = new double[N][N];
        for (int i = 0; i < N; i++) {
            f[i][i] = 1;
        }
        f[0][2] = -v * sn * dt;
        f[0][3] = c * dt;
        f[1][2] = v * c * dt;
        f[1][3] = sn * dt;
        f[2][4] = dt;
        double[][] fp = new double[N][N];
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                double acc = 0;
                for (int k = 0; k < N; k++) {
                    acc += f[i][k] * p[k][j];
                }
                fp[i][j] = acc;
            }
        }
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                double acc = 0;
                for (int k = 0; k < N; k++) {
                    acc += fp[i][k] * f[j][k];
                }
                p[i][j] = acc;
            }
        }
        p[0][0] += 1e-6 * dt;
        p[1][1] += 1e-6 * dt;
        p[2][2] += 1e-6 * dt;
        p[3][3] += noise.linearAccel() * noise.linearAccel() * dt;
        p[4][4] += noise.angularAccel() * noise.angularAccel() * dt;
    }

    /** Wheel odometry velocities (already predicted to the sample time). */
    public void updateOdometry(double linear, double angular) {
        update(3, linear, noise.odomLinear() * noise.odomLinear());
        update(4, angular, noise.odomAngular() * noise.odomAngular());
    }

    /** Gyro yaw rate (already predicted to the sample time). */
    public void updateYawRate(double angular) {
        update(4, angular, noise.imuAngular() * noise.imuAngular());
    }

    private void update(int i, double z, double r) {
        double innovation = z - s[i];
        double sInv = 1 / (p[i][i] + r);
        double[] k = new double[N];
        for (int a = 0; a < N; a++) {
            k[a] = p[a][i] * sInv;
        }
        for (int a = 0; a < N; a++) {
            s[a] += k[a] * innovation;
        }
        s[2] = Pose2D.wrap(s[2]);
        double[] row = p[i].clone();
        for (int a = 0; a < N; a++) {
            for (int b = 0; b < N; b++) {
                p[a][b] -= k[a] * row[b];
            }
        }
        // keep P symmetric against round-off
        for (int a = 0; a < N; a++) {
            for (int b = a + 1; b < N; b++) {
                double m = (p[a][b] + p[b][a]) / 2;
                p[a][b] = m;
                p[b][a] = m;
            }
        }
    }

    public Pose2D pose() {
        return new Pose2D(s[0], s[1], s[2]);
    }

    public double linear() {
        return s[3];
    }

    public double angular() {
        return s[4];
    }

    /** @return covariance entry (0 x, 1 y, 2 θ, 3 v, 4 ω) */
    public double covariance(int i, int j) {
        return p[i][j];
    }
}
