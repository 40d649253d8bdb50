package mechos.perception.internal.frames;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import mechos.perception.api.StampedTransform;
import mechos.perception.api.Transform;
import mechos.perception.api.TransformException;
import mechos.perception.api.Transforms;

/**
 * A tree of frames, each with at most one parent link: static (a fixed transform) or dynamic (a bounded
 * {@link TransformHistory}). Lookups compose the path from each frame up to their common ancestor:
 * {@code T_target_source = inverse(T_ancestor_target) ∘ T_ancestor_source}.
 *
 * <p>Thread-safe without locks: links are in a concurrent map and each history is swapped atomically.
 */
public final class FrameTree implements Transforms {
    private record Link(String parent, Transform fixed, AtomicReference<TransformHistory> history) {
    }

    private final Map<String, Link> links = new ConcurrentHashMap<>();
    private final Set<String> frames = ConcurrentHashMap.newKeySet();
    private final long spanNanos;
    private final int maxSamples;
    private final long toleranceNanos;

    /**
     * @param statics        fixed transforms (sensor mounts, {@code map -> odom})
     * @param spanNanos      how much history each dynamic transform keeps
     * @param maxSamples     the most samples kept per dynamic transform
     * @param toleranceNanos how far outside a history a lookup may fall and still use its nearest end
     * @throws IllegalArgumentException if a frame gets two parents or the statics form a cycle
     */
    public FrameTree(List<StampedTransform> statics, long spanNanos, int maxSamples, long toleranceNanos) {
        this.spanNanos = spanNanos;
        this.maxSamples = Math.max(2, maxSamples);
        this.toleranceNanos = Math.max(0, toleranceNanos);
        for (StampedTransform s : statics) {
            if (links.containsKey(s.child())) {
                throw new IllegalArgumentException("frame '" + s.child() + "' declared with two parents");
            }
            if (isAncestor(s.child(), s.parent())) {
                throw new IllegalArgumentException("static transform " + s.parent() + " -> " + s.child()
                        + " makes a cycle");
            }
            links.put(s.child(), new Link(s.parent(), s.transform(), null));
            frames.add(s.parent());
            frames.add(s.child());
        }
    }

    /** @return true if {@code ancestor} is {@code frame} or on its path to the root */
    private boolean isAncestor(String ancestor, String frame) {
        String f = frame;
        for (int guard = 0; f != null && guard < 1000; guard++) {
            if (f.equals(ancestor)) {
                return true;
            }
            Link l = links.get(f);
            f = l == null ? null : l.parent;
        }
        return false;
    }

    @Override
    public boolean publish(StampedTransform t) {
        Link link = links.get(t.child());
        if (link == null) {
            synchronized (links) {
                link = links.get(t.child());
                if (link == null) {
                    if (isAncestor(t.child(), t.parent())) {
                        return false;
                    }
                    link = new Link(t.parent(), null, new AtomicReference<>(TransformHistory.EMPTY));
                    links.put(t.child(), link);
                    frames.add(t.parent());
                    frames.add(t.child());
                }
            }
        }
        if (link.fixed != null || !link.parent.equals(t.parent())) {
            return false;
        }
        TransformHistory before;
        TransformHistory after;
        do {
            before = link.history.get();
            after = before.with(t.timestampNanos(), t.transform(), spanNanos, maxSamples);
        } while (after != before && !link.history.compareAndSet(before, after));
        return after != before;
    }

    @Override
    public Set<String> frames() {
        return Set.copyOf(frames);
    }

    @Override
    public boolean hasFrame(String frame) {
        return frames.contains(frame);
    }

    @Override
    public Transform lookup(String target, String source, long timeNanos) {
        return resolve(target, source, timeNanos, false);
    }

    @Override
    public Transform lookupLatest(String target, String source) {
        return resolve(target, source, 0, true);
    }

    private Transform resolve(String target, String source, long time, boolean latest) {
        if (!frames.contains(source)) {
            throw new TransformException(TransformException.Reason.UNKNOWN_FRAME, "unknown frame '" + source + "'");
        }
        if (!frames.contains(target)) {
            throw new TransformException(TransformException.Reason.UNKNOWN_FRAME, "unknown frame '" + target + "'");
        }
        if (target.equals(source)) {
            return Transform.IDENTITY;
        }
        // T_f_source for source and each of its ancestors f
        Map<String, Transform> fromSource = new HashMap<>();
        Transform acc = Transform.IDENTITY;
        String f = source;
        fromSource.put(f, acc);
        for (Link l = links.get(f); l != null; l = links.get(f)) {
            acc = edge(l, f, time, latest).then(acc);
            f = l.parent;
            fromSource.put(f, acc);
        }
        // walk up from the target until a frame on the source's path: the common ancestor
        Transform ancestorTarget = Transform.IDENTITY;
        f = target;
        while (!fromSource.containsKey(f)) {
            Link l = links.get(f);
            if (l == null) {
                throw new TransformException(TransformException.Reason.NOT_CONNECTED,
                        "frames '" + target + "' and '" + source + "' are not connected");
            }
            ancestorTarget = edge(l, f, time, latest).then(ancestorTarget);
            f = l.parent;
        }
        return ancestorTarget.inverse().then(fromSource.get(f));
    }

    private Transform edge(Link l, String child, long time, boolean latest) {
        if (l.fixed != null) {
            return l.fixed;
        }
        String name = l.parent + " -> " + child;
        TransformHistory h = l.history.get();
        return latest ? h.latest(name) : h.at(time, toleranceNanos, name);
    }
}
