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
    private final ConfigGuard guard;
    /** The metatype's bound on the length of one static.transforms value. */
    static final int MAX_ENTRY = 4096;

    @Activate
    public FrameService(FrameConfig config) {
        ConfigGuard g = new ConfigGuard(PID, FrameConfig.class, LOG);
        this.guard = g;
        List<StampedTransform> statics = new ArrayList<>();
        for (String entry : config.static_transforms() == null ? new String[0] : config.static_transforms()) {
            if (entry == null) {
                continue;
            }
            if (entry.length() > MAX_ENTRY) {
                g.dropped("static_transforms", "'" + entry.substring(0, 40) + "…'", "longer than " + MAX_ENTRY
                        + " characters", "entry ignored");
                continue;
            }
            for (String part : entry.split(";")) {
                try {
                    statics.addAll(parse(new String[] {part}));
                } catch (IllegalArgumentException ex) {
                    g.dropped("static_transforms", "'" + part.strip() + "'", ex.getMessage(), "entry ignored");
                }
            }
        }
        long span = (long) (g.number("history_seconds", config.history_seconds(), 0.1, 3600) * 1e9);
        int samples = g.integer("history_samples", config.history_samples(), 2, 1_000_000);
        long tolerance = (long) (g.number("tolerance_ms", config.tolerance_ms(), 0, 10_000) * 1e6);
        FrameTree t;
        try {
            t = new FrameTree(statics, span, samples, tolerance);
        } catch (IllegalArgumentException e) {
            String[] defaults = (String[]) g.defaultOf("static_transforms");
            g.dropped("static_transforms", statics.size() + " entries", e.getMessage(),
                    "using the default " + String.join("; ", defaults));
            statics = parse(defaults);
            t = new FrameTree(statics, span, samples, tolerance);
        }
        this.tree = t;
        LOG.debug("frames active with {} static transforms", statics.size());
    }

    /** The configuration values replaced by defaults at activation (tests). */
    ConfigGuard configGuard() {
        return guard;
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
