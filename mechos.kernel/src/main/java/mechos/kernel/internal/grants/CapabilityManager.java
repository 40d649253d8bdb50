package mechos.kernel.internal.grants;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.kernel.api.AgentGrant;
import mechos.kernel.api.Capabilities;
import mechos.platform.api.RunDirectory;

/**
 * Holds the verified grants. A grant file is accepted only when its Ed25519 signature verifies against the
 * trusted key and it has not expired; otherwise every agent holds nothing and the log says why.
 */
@Component(service = { Capabilities.class, CapabilityManager.class }, configurationPid = CapabilityManager.PID)
@Designate(ocd = GrantsConfig.class)
public final class CapabilityManager implements Capabilities {
    public static final String PID = "mechos.kernel.grants";
    static final String DEV_PRIVATE = "grants/dev-private.key";
    static final String DEV_PUBLIC = "grants/dev-public.key";
    static final List<String> DEV_CAPABILITIES = List.of("drive:*", "relay:*", "effector:*", "joint:*", "sensor:*",
            "model:*", "memory:*", "fleet:*", "tasks:*", "human:*");

    private static final Logger LOG = LoggerFactory.getLogger(CapabilityManager.class);

    private final Path home;
    private final Clock clock;
    private final AtomicReference<Map<String, CapabilityMatcher>> grants = new AtomicReference<>(Map.of());
    private volatile GrantsConfig config;
    private volatile String status = "not loaded";

    @Activate
    public CapabilityManager(GrantsConfig config, @Reference RunDirectory runDirectory) {
        this(config, runDirectory.home(), Clock.systemUTC());
    }

    CapabilityManager(GrantsConfig config, Path home, Clock clock) {
        this.home = home;
        this.clock = clock;
        this.config = config;
        reload();
    }

    @Modified
    void modified(GrantsConfig newConfig) {
        this.config = newConfig;
        reload();
    }

    /** Re-reads and re-verifies the grant file. @return a one-line status */
    public String reload() {
        GrantsConfig c = config;
        Path file = grantFile(c);
        try {
            PublicKey trusted = trustedKey(c, file);
            Map<String, AgentGrant> verified = GrantFile.verify(file, trusted, clock.instant());
            Map<String, CapabilityMatcher> compiled = new java.util.LinkedHashMap<>();
            verified.forEach((agent, g) -> compiled.put(agent, new CapabilityMatcher(g)));
            grants.set(Map.copyOf(compiled));
            status = "accepted " + file + ": agents " + compiled.keySet();
            LOG.info("grants {}", status);
        } catch (GrantException e) {
            grants.set(Map.of());
            status = "REJECTED: " + e.getMessage();
            LOG.warn("grants rejected, every agent holds nothing: {}", e.getMessage());
        }
        return status;
    }

    /** @return the grant file configured, resolved against the run directory */
    public Path grantFile() {
        return grantFile(config);
    }

    private Path grantFile(GrantsConfig c) {
        Path p = Path.of(c.grants__file());
        return p.isAbsolute() ? p : home.resolve(p);
    }

    private PublicKey trustedKey(GrantsConfig c, Path file) throws GrantException {
        String configured = c.trusted__public__key() == null ? "" : c.trusted__public__key().trim();
        try {
            if (!configured.isEmpty()) {
                return Ed25519.publicKey(configured);
            }
        } catch (GeneralSecurityException e) {
            throw new GrantException("configured trusted_public_key is not an Ed25519 public key: " + e.getMessage(), e);
        }
        if (!c.dev__mode()) {
            throw new GrantException("no trusted_public_key configured and dev_mode is off");
        }
        return developmentKey(c, file);
    }

    /** Development default: a generated key pair under the run directory and a default grant file signed with it. */
    private PublicKey developmentKey(GrantsConfig c, Path file) throws GrantException {
        Path priv = home.resolve(DEV_PRIVATE);
        Path pub = home.resolve(DEV_PUBLIC);
        try {
            if (!Files.exists(pub) || !Files.exists(priv)) {
                KeyPair kp = Ed25519.generate();
                Files.createDirectories(pub.getParent());
                Files.writeString(priv, Ed25519.encode(kp.getPrivate()) + "\n");
                Files.writeString(pub, Ed25519.encode(kp.getPublic()) + "\n");
                LOG.warn("development mode: generated a development grant-signing key pair in {}", pub.getParent());
            }
            if (!Files.exists(file)) {
                Instant now = clock.instant();
                List<AgentGrant> defaults = new ArrayList<>();
                for (String agent : c.dev__agents()) {
                    defaults.add(new AgentGrant(agent, DEV_CAPABILITIES, Double.POSITIVE_INFINITY,
                            Double.POSITIVE_INFINITY, Long.MAX_VALUE));
                }
                Files.createDirectories(file.toAbsolutePath().getParent());
                Files.write(file, GrantFile.render(defaults, now, now.plus(Duration.ofDays(3650))));
                GrantFile.sign(file, Ed25519.privateKey(Ed25519.read(priv)));
                LOG.warn("development mode: wrote and signed a default grant file {} for agents {}", file,
                        List.of(c.dev__agents()));
            }
            LOG.warn("development mode: trusting the development key {} (set trusted_public_key and dev_mode=false in {} "
                    + "on a real robot)", pub, PID);
            return Ed25519.publicKey(Ed25519.read(pub));
        } catch (IOException | GeneralSecurityException e) {
            throw new GrantException("development key setup under " + home + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean permits(String agentId, String capability) {
        if (agentId == null || capability == null) {
            return false;
        }
        CapabilityMatcher m = grants.get().get(agentId);
        return m != null && m.permits(capability, clock.millis());
    }

    @Override
    public Optional<AgentGrant> grant(String agentId) {
        CapabilityMatcher m = agentId == null ? null : grants.get().get(agentId);
        if (m == null || clock.millis() >= m.grant().expiresAtMillis()) {
            return Optional.empty();
        }
        return Optional.of(m.grant());
    }

    /** @return every accepted grant */
    public Collection<AgentGrant> grants() {
        return grants.get().values().stream().map(CapabilityMatcher::grant).toList();
    }

    /** @return the last load result */
    public String status() {
        return status;
    }

    /** @return the run directory (for the command's relative paths) */
    Path home() {
        return home;
    }
}
