package mechos.memory.api;

import java.util.List;

/**
 * How to play a recording back onto the bus.
 *
 * <p><b>Replay never poses as live.</b> Every message is published under {@value #REPLAY_PREFIX} + its recorded
 * topic name (e.g. {@code replay/kernel/safety}), a topic of the same type that no kernel component, driver or
 * live subscriber listens to. Only sensor topics (under {@value #SENSOR_PREFIX}) matched by {@code liveTopics} are
 * published under their own name (played into perception so it rebuilds its map); never a topic under
 * {@code kernel/} (intents, decisions, safety transitions, dispatch: shown, never executed) nor any other
 * non-sensor topic (a replayed pose or map would pose as perception's own), whatever {@code liveTopics} says.
 *
 * @param speed      1 for the original timing, N for N times faster, 0 for as fast as possible
 * @param topics     topic names (with {@code *} wildcards) to play, empty for all
 * @param liveTopics topic names (with {@code *} wildcards) to publish under their live name, empty for none; only
 *                   sensor topics ({@value #SENSOR_PREFIX}...) can go live
 * @param loops      how many times to play the file: 1 once, N times, 0 until the playback is cancelled (since 1.3)
 */
public record PlaybackOptions(double speed, List<String> topics, List<String> liveTopics, int loops) {
    /** The namespace replayed messages are published in. */
    public static final String REPLAY_PREFIX = "replay/";

    /** Topics under this prefix are never played onto their live names. */
    public static final String KERNEL_PREFIX = "kernel/";

    /** Only topics under this prefix may be played onto their live names. @since 1.3 */
    public static final String SENSOR_PREFIX = "sensors/";

    /** Plays once (the canonical constructor of API 1.2, kept). */
    public PlaybackOptions(double speed, List<String> topics, List<String> liveTopics) {
        this(speed, topics, liveTopics, 1);
    }

    /** Plays every message into the replay namespace (the constructor of API 1.1, kept). */
    public PlaybackOptions(double speed, List<String> topics) {
        this(speed, topics, List.of());
    }

    public PlaybackOptions {
        liveTopics = liveTopics == null ? List.of() : List.copyOf(liveTopics);
        if (!(speed >= 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("speed must be a finite number >= 0, was " + speed);
        }
        topics = topics == null ? List.of() : List.copyOf(topics);
        if (loops < 0) {
            throw new IllegalArgumentException("loops must be >= 0 (0 = until cancelled), was " + loops);
        }
    }

    /** @return whether a recorded topic may be published under its live name: a sensor topic, never a kernel one */
    public static boolean mayGoLive(String topic) {
        return topic.startsWith(SENSOR_PREFIX);
    }

    public static PlaybackOptions realTime() {
        return new PlaybackOptions(1.0, List.of());
    }

    public static PlaybackOptions speed(double factor) {
        return new PlaybackOptions(factor, List.of());
    }

    /** @return these options, publishing the matching (non-kernel) topics under their live names */
    public PlaybackOptions withLiveTopics(List<String> patterns) {
        return new PlaybackOptions(speed, topics, patterns, loops);
    }

    /** @return these options playing only the topics matching the patterns (empty for all) @since 1.3 */
    public PlaybackOptions withTopics(List<String> patterns) {
        return new PlaybackOptions(speed, patterns, liveTopics, loops);
    }

    /** @return these options playing the file {@code n} times (0 = until cancelled) @since 1.3 */
    public PlaybackOptions withLoops(int n) {
        return new PlaybackOptions(speed, topics, liveTopics, n);
    }
}
