package mechos.perception.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import mechos.perception.api.StampedTransform;
import mechos.perception.api.Transform;
import mechos.perception.api.Transforms;
import mechos.perception.internal.frames.FrameTree;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Provides {@link Transforms}: the static mounts from configuration plus the dynamic transforms published. */
@Component(service = Transforms.class, configurationPid = FrameService.PID)
@Designate(ocd = FrameConfig.class)
public final class FrameService implements Transforms {
    public static final String PID = "mechos.perception.frames";
    private static final Logger LOG = LoggerFactory.getLogger(FrameService.class);
    private final FrameTree tree;

    @Activate
    public FrameService(FrameConfig config) {
        List<StampedTransform> statics = parse(config.static_transforms());
        if (!(config.history_seconds() > 0)) {
            throw new IllegalArgumentException("history.seconds must be > 0, was " + config.history_seconds());
        }
        if (!(config.tolerance_ms() >= 0)) {
            throw new IllegalArgumentException("tolerance.ms must be >= 0, was " + config.tolerance_ms());
        }
        this.tree = new FrameTree(statics, (long) (config.history_seconds() * 1e9), config.history_samples(),
                (long) (config.tolerance_ms() * 1e6));
        LOG.debug("frames active with {} static transforms", statics.size());
    }

    /**
     * Parses 'parent child x y z roll pitch yaw' entries (several may share one value, separated by ';', as a
     * FileInstall .cfg file has no arrays); names the bad entry when one is malformed.
     */
    static List<StampedTransform> parse(String[] values) {
        List<StampedTransform> out = new ArrayList<>();
        List<String> entries = new ArrayList<>();
        for (String v : values == null ? new String[0] : values) {
            if (v != null) {
                entries.addAll(List.of(v.split(";")));
            }
        }
        for (String e : entries) {
            if (e.isBlank()) {
                continue;
            }
            String[] f = e.trim().split("\\s+");
            if (f.length != 8) {
                throw new IllegalArgumentException("static.transforms entry '" + e
                        + "' must be 'parent child x y z roll pitch yaw'");
            }
            double[] v = new double[6];
            for (int i = 0; i < 6; i++) {
                try {
                    v[i] = Double.parseDouble(f[i + 2]);
                } catch (NumberFormatException ex) {
                    throw new IllegalArgumentException("static.transforms entry '" + e + "': '" + f[i + 2]
                            + "' is not a number", ex);
                }
            }
            out.add(new StampedTransform(f[0], f[1], 0, Transform.of(v[0], v[1], v[2], v[3], v[4], v[5])));
        }
        return out;
    }

    @Override
    public Transform lookup(String target, String source, long timeNanos) {
        return tree.lookup(target, source, timeNanos);
    }

    @Override
    public Transform lookupLatest(String target, String source) {
        return tree.lookupLatest(target, source);
    }

    @Override
    public boolean publish(StampedTransform transform) {
        return tree.publish(transform);
    }

    @Override
    public Set<String> frames() {
        return tree.frames();
    }

    @Override
    public boolean hasFrame(String frame) {
        return tree.hasFrame(frame);
    }
}
