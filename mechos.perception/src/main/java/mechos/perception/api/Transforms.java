package mechos.perception.api;

import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The transform tree: named frames ({@code map}, {@code odom}, {@code base_link}, sensor frames), each with at
 * most one parent. Static transforms come from configuration (sensor mounts); dynamic ones (e.g.
 * {@code odom -> base_link} from the pose fusion) are published with {@link #publish} and kept in a bounded,
 * timestamped history with interpolation.
 *
 * <p><b>Threading.</b> All methods may be called from any thread; lookups never block on publishers.
 *
 * <p><b>Failures.</b> A lookup that cannot be answered throws {@link TransformException} with a reason
 * (unknown frame, not connected, time outside the history); nothing else is thrown for bad frames or times.
 */
@ProviderType
public interface Transforms {
    /**
     * @param target    frame the result maps into
     * @param source    frame the result maps from
     * @param timeNanos sensor time; dynamic transforms are interpolated between the two neighbouring samples
     * @return {@code T_target_source}, composed through the frames' common ancestor
     * @throws TransformException if a frame is unknown, the frames are not connected, or the time is outside a
     *                            dynamic transform's history (beyond the configured tolerance)
     */
    Transform lookup(String target, String source, long timeNanos);

    /** As {@link #lookup} using the newest sample of every dynamic transform on the path. */
    Transform lookupLatest(String target, String source);

    /**
     * Adds a sample of a dynamic transform. The child's parent is fixed by its first publication (or its static
     * declaration); a sample that would re-parent a frame or that is older than the history is ignored and
     * reported by returning false.
     */
    boolean publish(StampedTransform transform);

    /** @return every known frame name */
    Set<String> frames();

    /** @return true if the frame is known */
    default boolean hasFrame(String frame) {
        return frames().contains(frame);
    }
}
