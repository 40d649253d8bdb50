package mechos.hal.api.control;

import java.util.Objects;

/**
 * A discrete PID controller for one loop.
 *
 * <ul>
 * <li><b>Derivative on measurement</b>: the D term acts on the change of the measurement, so a set-point step
 * produces no derivative kick.</li>
 * <li><b>Anti-windup</b>: the integral is accumulated as an output contribution ({@code ki·∫e dt}), clamped to the
 * output limits, and frozen while the output is saturated in the direction the error pushes (conditional
 * integration). Because the integral is stored as output, changing {@code ki} live does not make the output
 * jump.</li>
 * <li><b>Output limits</b> are always applied; an optional rate limit bounds how fast the output may change.</li>
 * </ul>
 *
 * <p><b>Threading.</b> All methods are thread-safe: {@link #update} may run on a control thread while
 * {@link #setGains} / {@link #setLimits} are called from a configuration thread; a change takes effect on the
 * next update. The controller holds no threads and never blocks beyond its own short lock.
 *
 * <p><b>Failures.</b> Invalid arguments (non-finite inputs, {@code dt <= 0}) throw
 * {@link IllegalArgumentException} and leave the state unchanged: they are caller bugs, not plant conditions.
 */
public final class PidController {
    private PidGains gains;
    private PidLimits limits;
    private double integral;
    private double lastMeasurement;
    private double lastOutput;
    private boolean primed;

    /**
     * @param gains  initial gains, not null
     * @param limits output limits, not null
     */
    public PidController(PidGains gains, PidLimits limits) {
        this.gains = Objects.requireNonNull(gains, "gains");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /**
     * Advances the loop by {@code dtSeconds} and returns the new output.
     *
     * @param setpoint    desired value, finite
     * @param measurement measured value, finite
     * @param dtSeconds   time since the previous update, &gt; 0 and finite
     * @return the output, within the limits and (when a rate limit is set) within {@code maxRate·dt} of the
     *         previous output
     * @throws IllegalArgumentException if an argument is not finite or {@code dtSeconds <= 0}
     */
    public synchronized double update(double setpoint, double measurement, double dtSeconds) {
        if (!Double.isFinite(setpoint) || !Double.isFinite(measurement)) {
            throw new IllegalArgumentException(
                    "PID inputs must be finite: setpoint=" + setpoint + " measurement=" + measurement);
        }
        if (!(dtSeconds > 0) || !Double.isFinite(dtSeconds)) {
            throw new IllegalArgumentException("PID dt must be > 0 and finite, was " + dtSeconds);
        }
        PidGains g = gains;
        PidLimits l = limits;
        double error = setpoint - measurement;
        double derivative = primed ? -(measurement - lastMeasurement) / dtSeconds : 0.0;

        double p = g.kp() * error;
        double d = g.kd() * derivative;
        double candidateIntegral = l.clamp(integral + g.ki() * error * dtSeconds);
        double unsaturated = p + candidateIntegral + d;
        boolean pushingHigh = unsaturated > l.max() && error > 0;
        boolean pushingLow = unsaturated < l.min() && error < 0;
        if (pushingHigh) {
            // integrate only up to the point where the output saturates, never beyond
            integral = Math.max(integral, Math.min(candidateIntegral, l.max() - p - d));
        } else if (pushingLow) {
            integral = Math.min(integral, Math.max(candidateIntegral, l.min() - p - d));
        } else {
            integral = candidateIntegral;
        }
        double output = l.clamp(p + integral + d);
        if (l.rateLimited()) {
            double step = l.maxRate() * dtSeconds;
            output = l.clamp(Math.max(lastOutput - step, Math.min(lastOutput + step, output)));
        }
        lastMeasurement = measurement;
        lastOutput = output;
        primed = true;
        return output;
    }

    /** Clears the integral, the derivative history and the rate-limit history (e.g. after a stop or a fault). */
    public synchronized void reset() {
        integral = 0;
        lastOutput = 0;
        primed = false;
    }

    /** Replaces the gains; takes effect on the next {@link #update}, without an output jump from the I term. */
    public synchronized void setGains(PidGains newGains) {
        this.gains = Objects.requireNonNull(newGains, "gains");
    }

    /** Replaces the limits; the stored integral is clamped into the new range. */
    public synchronized void setLimits(PidLimits newLimits) {
        this.limits = Objects.requireNonNull(newLimits, "limits");
        integral = newLimits.clamp(integral);
    }

    /** @return the current gains */
    public synchronized PidGains gains() {
        return gains;
    }

    /** @return the current limits */
    public synchronized PidLimits limits() {
        return limits;
    }

    /** @return the output of the last {@link #update}, 0 before the first or after {@link #reset()} */
    public synchronized double lastOutput() {
        return lastOutput;
    }
}
