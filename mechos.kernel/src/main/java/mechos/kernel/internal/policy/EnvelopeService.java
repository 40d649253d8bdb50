package mechos.kernel.internal.policy;

import java.nio.file.Path;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.kernel.internal.grants.CapabilityManager;
import mechos.kernel.internal.grants.GrantException;

/**
 * The safety envelope in force: the development default, or a file signed like the grants. Loaded once per
 * activation; the kernel and its rules reference this service statically, so changing its configuration
 * reactivates them (the kernel's deactivation stops the robot first) with the new envelope. There is no
 * {@code @Modified}: an envelope never changes under a running kernel.
 */
@Component(service = EnvelopeService.class, configurationPid = EnvelopeService.PID)
@Designate(ocd = EnvelopeConfig.class)
public final class EnvelopeService {
    public static final String PID = "mechos.kernel.envelope";
    private static final Logger LOG = LoggerFactory.getLogger(EnvelopeService.class);

    private final SafetyEnvelope envelope;

    @Activate
    public EnvelopeService(EnvelopeConfig config, @Reference CapabilityManager grants) {
        this(config.envelope__file(), grants::readSigned, grants.home());
    }

    /** Outside OSGi: the development envelope. */
    public EnvelopeService() {
        this.envelope = SafetyEnvelope.builtIn();
    }

    /** Reads a file signed like the grants and returns its verified bytes. */
    @FunctionalInterface
    public interface SignedReader {
        byte[] read(Path file, String what) throws GrantException;
    }

    /** Outside OSGi: the envelope named by {@code file} (empty: the development default). */
    public EnvelopeService(String file, SignedReader reader, Path home) {
        this.envelope = load(file, reader, home);
    }

    static SafetyEnvelope load(String configured, SignedReader reader, Path home) {
        String name = configured == null ? "" : configured.trim();
        if (name.isEmpty()) {
            LOG.warn("safety envelope: the built-in development envelope is in force (bundle README, \"Safety "
                    + "envelope\"); a production robot configures {} envelope_file, signed with the grants' "
                    + "trusted key", PID);
            return SafetyEnvelope.builtIn();
        }
        Path p = Path.of(name);
        Path file = p.isAbsolute() ? p : home.resolve(p);
        try {
            byte[] data = reader.read(file, "safety envelope");
            SafetyEnvelope e = EnvelopeFile.parse(data, "signed envelope " + file);
            LOG.warn("safety envelope: {} is in force (required rules {}, operators {})", e.origin(),
                    new java.util.TreeSet<>(e.requiredRules()), new java.util.TreeSet<>(e.allowedOperators()));
            return e;
        } catch (GrantException e) {
            return refuse(file, e.getMessage());
        } catch (IllegalArgumentException e) {
            return refuse(file, "safety envelope " + file + ": " + e.getMessage());
        }
    }

    private static SafetyEnvelope refuse(Path file, String why) {
        String problem = why + "; no actuation until " + PID + " envelope_file names a valid signed envelope";
        LOG.error("safety envelope REFUSED, every actuation is rejected: {}", problem);
        return SafetyEnvelope.rejected(problem);
    }

    /** @return the envelope in force (never null) */
    public SafetyEnvelope envelope() {
        return envelope;
    }

    /** @return one line for status pages */
    public String status() {
        String p = envelope.problem();
        return p != null ? "REFUSED: " + p : envelope.origin();
    }
}
