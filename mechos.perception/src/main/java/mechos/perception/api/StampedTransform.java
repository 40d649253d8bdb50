package mechos.perception.api;

import java.util.Objects;

/**
 * A transform between two named frames at a time: {@code transform} maps points in {@code child} into
 * {@code parent}.
 *
 * @param parent         parent frame name, e.g. {@code odom}
 * @param child          child frame name, e.g. {@code base_link}
 * @param timestampNanos sensor time (the same clock as the HAL samples)
 * @param transform      {@code T_parent_child}
 */
public record StampedTransform(String parent, String child, long timestampNanos, Transform transform) {
    public StampedTransform {
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(child, "child");
        Objects.requireNonNull(transform, "transform");
        if (parent.isBlank() || child.isBlank() || parent.equals(child)) {
            throw new IllegalArgumentException("bad frame pair '" + parent + "' -> '" + child + "'");
        }
    }
}
