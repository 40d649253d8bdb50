package mechos.hal.api.control;

/**
 * Output limits of a {@link PidController}.
 *
 * @param min     lowest output, finite
 * @param max     highest output, finite, &ge; {@code min}
 * @param maxRate largest change of the output per second (units/s), &gt; 0; {@link Double#POSITIVE_INFINITY}
 *                means no rate limit
 * @throws IllegalArgumentException if {@code min > max} (the message names both values), a bound is not finite,
 *                                  or {@code maxRate} is not positive. A bad limit is a configuration error
 *                                  reported when the limits are built, never a failure inside the loop.
 */
public record PidLimits(double min, double max, double maxRate) {
    public PidLimits {
        if (!Double.isFinite(min) || !Double.isFinite(max)) {
            throw new IllegalArgumentException("PID output limits must be finite: min=" + min + " max=" + max);
        }
        if (min > max) {
            throw new IllegalArgumentException("PID output limit min=" + min + " is greater than max=" + max);
        }
        if (Double.isNaN(maxRate) || maxRate <= 0) {
            throw new IllegalArgumentException("PID output rate limit must be > 0 (or +Infinity for none), was "
                    + maxRate);
        }
    }

    /** Limits without a rate limit. */
    public PidLimits(double min, double max) {
        this(min, max, Double.POSITIVE_INFINITY);
    }

    /** @return true when a rate limit applies */
    public boolean rateLimited() {
        return maxRate != Double.POSITIVE_INFINITY;
    }

    /** @return {@code value} clamped to [min, max] */
    public double clamp(double value) {
        return Math.max(min, Math.min(max, value));
    }
}
