package mechos.memory.internal.recorder;

import java.time.Instant;
import java.util.List;

import mechos.kernel.api.bus.Topic;

/** Deterministic simulated bus traffic: message i is always the same. */
public final class SimMessages {
    /** A pose message. */
    public record Pose(double x, double y, double theta, String frame, Instant at) {
    }

    /** A status note. */
    public enum Level { INFO, WARN }

    /** A note message. */
    public record Note(long n, Level level, String text, List<Integer> tags) {
    }

    public static final Topic<Pose> POSE = Topic.latest("sim/pose", Pose.class);
    public static final Topic<Note> NOTE = Topic.reliable("sim/note", Note.class);
    public static final Topic<Note> DEBUG = Topic.reliable("debug/noise", Note.class);

    private SimMessages() {
    }

    public static Topic<?> topic(long i) {
        return i % 3 == 2 ? NOTE : POSE;
    }

    public static Object payload(long i) {
        if (i % 3 == 2) {
            return new Note(i, i % 2 == 0 ? Level.INFO : Level.WARN, "note " + i, List.of((int) i, (int) i + 1));
        }
        return new Pose(i * 0.5, -i * 0.25, i % 7, "map", Instant.ofEpochSecond(1_700_000_000L + i, i * 1000));
    }

    public static String correlation(long i) {
        return i % 5 == 0 ? "intent-" + i : null;
    }

    @SuppressWarnings("unchecked")
    public static void publish(mechos.kernel.api.bus.EventBus bus, long i) {
        bus.publish((Topic<Object>) topic(i), payload(i), correlation(i));
    }
}
