package mechos.hal.sim.internal.sensor;

/** Decides on which simulation steps a sensor running at {@code rateHz} produces a sample. Not thread-safe. */
final class Period {
    private final long periodNanos;
    private long next = Long.MIN_VALUE;

    Period(double rateHz) {
        if (!(rateHz > 0) || !Double.isFinite(rateHz)) {
            throw new IllegalArgumentException("rate must be > 0 Hz, was " + rateHz);
        }
        this.periodNanos = Math.round(1e9 / rateHz);
    }

    /** @return true if a sample is due at simulation time {@code now}; then schedules the next one */
    boolean due(long now) {
        if (next == Long.MIN_VALUE) {
            next = now;
        }
        if (now < next) {
            return false;
        }
        next += periodNanos;
        if (next <= now) { // the sensor is faster than the physics: sample every step without a backlog
            next = now + periodNanos;
        }
        return true;
    }
}
