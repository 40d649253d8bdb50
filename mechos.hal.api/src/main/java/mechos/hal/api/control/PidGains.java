package mechos.hal.api.control;

/**
 * Gains of a {@link PidController}. Output units per unit of error: {@code kp} per error, {@code ki} per
 * error·second, {@code kd} per error/second.
 *
 * @param kp proportional gain, finite and &ge; 0
 * @param ki integral gain, finite and &ge; 0
 * @param kd derivative gain, finite and &ge; 0 (applied to the measurement, not the error)
 * @throws IllegalArgumentException if a gain is negative or not finite; the message names it
 */
public record PidGains(double kp, double ki, double kd) {
    public PidGains {
        check("kp", kp);
        check("ki", ki);
        check("kd", kd);
    }

    private static void check(String name, double v) {
        if (!Double.isFinite(v) || v < 0) {
            throw new IllegalArgumentException("PID gain " + name + " must be finite and >= 0, was " + v);
        }
    }
}
