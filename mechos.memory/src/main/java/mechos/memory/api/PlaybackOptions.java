package mechos.memory.api;

import java.util.List;

/**
 * How to play a recording back onto the bus.
 *
 * @param speed  1 for the original timing, N for N times faster, 0 for as fast as possible
 * @param topics topic names (with {@code *} wildcards) to play, empty for all
 */
public record PlaybackOptions(double speed, List<String> topics) {
    public PlaybackOptions {
        if (!(speed >= 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("speed must be a finite number >= 0, was " + speed);
        }
        topics = topics == null ? List.of() : List.copyOf(topics);
    }

    public static PlaybackOptions realTime() {
        return new PlaybackOptions(1.0, List.of());
    }

    public static PlaybackOptions speed(double factor) {
        return new PlaybackOptions(factor, List.of());
    }
}
