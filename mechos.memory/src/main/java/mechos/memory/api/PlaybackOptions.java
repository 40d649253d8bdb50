package mechos.memory.api;

import java.util.List;

/**
 * How to play a recording back onto the bus.
 *
 * <p><b>Replay never poses as live.</b> Every message is published under {@value #REPLAY_PREFIX} + its recorded
 * topic name (e.g. {@code replay/kernel/safety}), a topic of the same type that no kernel component, driver or
 * live subscriber listens to. Only topics matched by {@code liveTopics} are published under their own name (e.g.
 * sensor topics played into perception so it rebuilds its map), and never a topic under {@code kernel/} (intents,
 * decisions, safety transitions, dispatch: shown, never executed), whatever {@code liveTopics} says.
 *
 * @param speed      1 for the original timing, N for N times faster, 0 for as fast as possible
 * @param topics     topic names (with {@code *} wildcards) to play, empty for all
 * @param liveTopics topic names (with {@code *} wildcards) to publish under their live name, empty for none
 */
public record PlaybackOptions(double speed, List<String> topics, List<String> liveTopics) {
    /** The namespace replayed messages are published in. */
    public static final String REPLAY_PREFIX = "replay/";

    /** Topics under this prefix are never played onto their live names. */
    public static final String KERNEL_PREFIX = "kernel/";

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
    }

    public static PlaybackOptions realTime() {
        return new PlaybackOptions(1.0, List.of());
    }

    public static PlaybackOptions speed(double factor) {
        return new PlaybackOptions(factor, List.of());
    }

    /** @return these options, publishing the matching (non-kernel) topics under their live names */
    public PlaybackOptions withLiveTopics(List<String> patterns) {
        return new PlaybackOptions(speed, topics, patterns);
    }
}
