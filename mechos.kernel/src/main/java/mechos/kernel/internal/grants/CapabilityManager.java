package mechos.kernel.internal.grants;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.kernel.api.AgentGrant;
import mechos.kernel.api.Capabilities;
import mechos.kernel.api.Kernel;
import mechos.platform.api.RunDirectory;

/**
 * Holds the verified grants. A grant file is accepted only when its Ed25519 signature verifies against the
 * trusted key, it has not expired and every entry is valid; otherwise every agent holds nothing and the log says
 * why.
 *
 * <p>Development mode (no {@code trusted_public_key}): the key pair and a default grant file are created only on
 * the very first start of an empty run directory (no {@code grants/} directory and no pinned key). The public
 * key's fingerprint is pinned in a {@link KeyPin} kept outside {@code grants/}; afterwards only the pinned key is
 * trusted, and a replaced key is refused until an operator re-pins it ({@link #pin}).
 */
@Component(service = { Capabilities.class, CapabilityManager.class }, configurationPid = CapabilityManager.PID)
@Designate(ocd = GrantsConfig.class)
public final class CapabilityManager implements Capabilities {
    public static final String PID = "mechos.kernel.grants";
    static final String GRANTS_DIR = "grants";
    static final String DEV_PRIVATE = GRANTS_DIR + "/dev-private.key";
    static final String DEV_PUBLIC = GRANTS_DIR + "/dev-public.key";
    /** Where the pin is kept outside OSGi (tests, benchmarks): in the run directory, not under grants/. */
    static final String FILE_PIN = "dev-grant-key.pin";
    static final List<String> DEV_CAPABILITIES = List.of("drive:*", "relay:*", "effector:*", "joint:*", "sensor:*",
            "model:*", "memory:*", "fleet:*", "tasks:*", "human:*");

    private static final Logger LOG = LoggerFactory.getLogger(CapabilityManager.class);

    private final Path home;
    private final Clock clock;
    private final KeyPin pin;
    private final AtomicReference<Map<String, CapabilityMatcher>> grants = new AtomicReference<>(Map.of());
    /** bundle + agent pairs already logged as identity violations (since the last reload) */
    private final Set<String> identityWarned = ConcurrentHashMap.newKeySet();
    private volatile GrantsConfig config;
    private volatile String status = "not loaded";

    @Activate
    public CapabilityManager(GrantsConfig config, @Reference RunDirectory runDirectory,
            @Reference ConfigurationAdmin configurationAdmin) {
        this(config, runDirectory.home(), Clock.systemUTC(), new ConfigAdminKeyPin(configurationAdmin));
    }

    /** Outside OSGi (benchmarks): the development key pin is the file {@value #FILE_PIN} in the run directory. */
    public CapabilityManager(GrantsConfig config, RunDirectory runDirectory) {
        this(config, runDirectory.home(), Clock.systemUTC(), new FileKeyPin(runDirectory.home().resolve(FILE_PIN)));
    }

    CapabilityManager(GrantsConfig config, Path home, Clock clock) {
        this(config, home, clock, new FileKeyPin(home.resolve(FILE_PIN)));
    }

    CapabilityManager(GrantsConfig config, Path home, Clock clock, KeyPin pin) {
        this.home = home;
        this.clock = clock;
        this.pin = pin;
        this.config = config;
        reload();
    }

    @Modified
    void modified(GrantsConfig newConfig) {
        this.config = newConfig;
        reload();
    }

    /** Re-reads and re-verifies the grant file. @return a one-line status */
    public synchronized String reload() {
        GrantsConfig c = config;
        Path file = grantFile(c);
        identityWarned.clear();
        try {
            PublicKey trusted = trustedKey(c, file);
            Map<String, AgentGrant> verified = GrantFile.verify(file, trusted, clock.instant());
            Map<String, CapabilityMatcher> compiled = new LinkedHashMap<>();
            verified.forEach((agent, g) -> compiled.put(agent, new CapabilityMatcher(g)));
            grants.set(Map.copyOf(compiled));
            List<String> unbound = GrantFile.unbound(verified);
            status = "accepted " + file + " (signed by " + Ed25519.fingerprint(trusted) + "): agents "
                    + compiled.keySet()
                    + (unbound.isEmpty() ? "" : " (bound to no bundle, any bundle may act as: " + unbound + ")");
            LOG.info("grants {}", status);
            if (!unbound.isEmpty()) {
                LOG.warn("grants for {} name no 'bundles': any bundle may submit intents as them; add a 'bundles' "
                        + "list to each grant in {} and sign it again", unbound, file);
            }
        } catch (GrantException e) {
            grants.set(Map.of());
            status = "REJECTED: " + e.getMessage();
            LOG.warn("grants rejected, every agent holds nothing: {}", e.getMessage());
        }
        return status;
    }

    /**
     * Reads a file signed like the grants: its Ed25519 signature ({@code <file>.sig}) must verify against the same
     * trusted key (the configured {@code trusted_public_key}, or the pinned development key). Used for the safety
     * envelope.
     *
     * @param what what the file is, for messages
     * @return the verified bytes
     * @throws GrantException saying why the file must not be trusted
     */
    public synchronized byte[] readSigned(Path file, String what) throws GrantException {
        GrantsConfig c = config;
        return GrantFile.readVerified(file, trustedKey(c, grantFile(c)), what);
    }

    /**
     * Operator action: trusts the development public key now in {@code grants/dev-public.key} from here on
     * (logged at WARN with the old and new fingerprints), then reloads.
     *
     * @param who who asked, for the log
     * @return a one-line result
     */
    public synchronized String pin(String who) {
        Path pub = home.resolve(DEV_PUBLIC);
        try {
            String fingerprint = Ed25519.fingerprint(Ed25519.publicKey(Ed25519.read(pub)));
            Optional<String> old = pin.read();
            if (old.isPresent() && old.get().equals(fingerprint)) {
                return "development key " + fingerprint + " is already pinned; " + reload();
            }
            pin.write(fingerprint);
            LOG.warn("development grant key RE-PINNED by {}: {} -> {} ({}); grant files signed with it are trusted "
                    + "from now on", who, old.orElse("(none)"), fingerprint, pub);
            return "pinned development key " + fingerprint + " (was " + old.orElse("none") + "); " + reload();
        } catch (NoSuchFileException e) {
            return "failed: " + pub + " does not exist";
        } catch (IOException | GeneralSecurityException | GrantException e) {
            LOG.warn("pinning the development key {} failed: {}", pub, e.toString());
            return "failed: " + e.getMessage();
        }
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

    /** Development mode: the pinned development key; created (with a default grant file) only on a first start. */
    private PublicKey developmentKey(GrantsConfig c, Path file) throws GrantException {
        Path dir = home.resolve(GRANTS_DIR);
        Path priv = home.resolve(DEV_PRIVATE);
        Path pub = home.resolve(DEV_PUBLIC);
        Optional<String> pinned = pin.read();
        if (!Files.exists(dir)) {
            if (pinned.isPresent()) {
                throw new GrantException("development mode: " + dir + " is missing, but a development key ("
                        + pinned.get() + ") is pinned in the " + pin.describe() + ", so this is not a first start "
                        + "and no default grants are written; restore " + dir + ", or create a new key pair and "
                        + "grant file and run mechos:grants pin");
            }
            return firstStart(c, dir, file);
        }
        try {
            tighten(priv);
            PublicKey key = Ed25519.publicKey(Ed25519.read(pub));
            String fingerprint = Ed25519.fingerprint(key);
            if (pinned.isEmpty()) {
                throw new GrantException("development mode: the key " + pub + " (" + fingerprint + ") is not "
                        + "pinned (no pin in the " + pin.describe() + "; e.g. the framework storage was reset, or "
                        + "the run directory predates pinning); check that it is yours, then run mechos:grants pin");
            }
            if (!pinned.get().equals(fingerprint)) {
                throw new GrantException("development mode: " + pub + " has fingerprint " + fingerprint
                        + ", but " + pinned.get() + " is pinned: the development key was replaced and is refused. "
                        + "If you replaced it on purpose, run mechos:grants pin");
            }
            LOG.debug("development mode: trusting the pinned development key {} ({})", pub, fingerprint);
            return key;
        } catch (NoSuchFileException e) {
            throw new GrantException("development mode: the development public key " + pub + " does not exist", e);
        } catch (IOException | GeneralSecurityException e) {
            throw new GrantException("development mode: the development key " + pub + " cannot be read: "
                    + e.getMessage(), e);
        }
    }

    /**
     * The very first start of an empty run directory: builds the grants directory aside, moves it into place in
     * one step (a crash leaves either nothing or everything), then pins the key.
     */
    private PublicKey firstStart(GrantsConfig c, Path dir, Path file) throws GrantException {
        Path tmp = null;
        try {
            Files.createDirectories(home);
            tmp = Files.createTempDirectory(home, ".grants-new-");
            restrictDirectory(tmp);
            KeyPair kp = Ed25519.generate();
            Ed25519.writePrivateKey(tmp.resolve("dev-private.key"), kp.getPrivate());
            Files.writeString(tmp.resolve("dev-public.key"), Ed25519.encode(kp.getPublic()) + "\n");
            boolean inside = file.toAbsolutePath().normalize().startsWith(dir.toAbsolutePath().normalize());
            Path target = inside ? tmp.resolve(dir.toAbsolutePath().normalize()
                    .relativize(file.toAbsolutePath().normalize())) : file;
            List<String> agents = Arrays.asList(c.dev__agents());
            if (inside || !Files.exists(file)) {
                Instant now = clock.instant();
                Map<String, List<String>> bindings = bindings(c.dev__bindings());
                List<AgentGrant> defaults = new ArrayList<>();
                for (String agent : agents) {
                    defaults.add(new AgentGrant(agent, DEV_CAPABILITIES, Double.POSITIVE_INFINITY,
                            Double.POSITIVE_INFINITY, Long.MAX_VALUE, bindings.getOrDefault(agent, List.of())));
                }
                Files.createDirectories(target.toAbsolutePath().getParent());
                Files.write(target, GrantFile.render(defaults, now, now.plus(Duration.ofDays(3650))));
                GrantFile.sign(target, kp.getPrivate());
            }
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            tmp = null;
            String fingerprint = Ed25519.fingerprint(kp.getPublic());
            pin.write(fingerprint);
            LOG.warn("development mode, first start: generated the development grant-signing key {} in {}, pinned "
                    + "it in the {}, and wrote a signed default grant file {} for agents {} with bindings {}",
                    fingerprint, dir, pin.describe(), file, agents, List.of(c.dev__bindings()));
            LOG.warn("development mode: set trusted_public_key and dev_mode=false in {} on a real robot", PID);
            return kp.getPublic();
        } catch (IOException | GeneralSecurityException e) {
            throw new GrantException("development mode: first-start key setup under " + home + " failed: "
                    + e.getMessage(), e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    /** Parses {@code agent=bsn[,bsn...]} entries. */
    static Map<String, List<String>> bindings(String[] entries) throws GrantException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String e : entries == null ? new String[0] : entries) {
            int eq = e.indexOf('=');
            if (eq <= 0 || e.substring(eq + 1).isBlank()) {
                throw new GrantException("dev_bindings entry '" + e + "' is not agent=bundle[,bundle...]");
            }
            List<String> bsns = new ArrayList<>();
            for (String b : e.substring(eq + 1).split(",")) {
                if (!b.isBlank()) {
                    bsns.add(b.strip());
                }
            }
            out.computeIfAbsent(e.substring(0, eq).strip(), k -> new ArrayList<>()).addAll(bsns);
        }
        return out;
    }

    private static void restrictDirectory(Path dir) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(dir, PosixFileAttributeView.class);
        if (view != null) {
            view.setPermissions(PosixFilePermissions.fromString("rwx------"));
        }
    }

    private static void tighten(Path priv) throws IOException {
        if (!Files.exists(priv)) {
            return;
        }
        String was = Ed25519.tightenPrivateKey(priv);
        if (was != null) {
            LOG.warn("development private key {} was readable by others ({}); tightened to rw-------", priv, was);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("could not remove the unfinished grants directory {}", dir, e);
        }
    }

    @Override
    public boolean permits(String agentId, String capability) {
        if (agentId == null || capability == null) {
            return false;
        }
        CapabilityMatcher m = grants.get().get(Kernel.agentOf(agentId));
        return m != null && m.permits(capability, clock.millis());
    }

    @Override
    public Optional<AgentGrant> grant(String agentId) {
        CapabilityMatcher m = agentId == null ? null : grants.get().get(Kernel.agentOf(agentId));
        if (m == null || clock.millis() >= m.grant().expiresAtMillis()) {
            return Optional.empty();
        }
        return Optional.of(m.grant());
    }

    /**
     * Whether the bundle may submit intents as the agent of {@code agentId} ({@link Kernel#agentOf}). A refusal is
     * logged at WARN once per bundle and agent (until the next reload).
     *
     * @return null when it may; otherwise the reason, for the {@value Kernel#VIOLATION_IDENTITY} violation
     */
    public String identityViolation(String bundleSymbolicName, String agentId) {
        String agent = Kernel.agentOf(agentId);
        if (agent == null || agent.isBlank()) {
            return "no agent id given";
        }
        CapabilityMatcher m = grants.get().get(agent);
        if (m != null && m.boundTo(bundleSymbolicName)) {
            return null;
        }
        String reason = "bundle '" + bundleSymbolicName + "' may not act as agent '" + agent + "' ("
                + (m == null ? "the agent holds no grant" : "the signed grants bind it to " + m.grant().bundles())
                + ")";
        if (identityWarned.add(bundleSymbolicName + "\u0000" + agent)) {
            LOG.warn("identity violation: {}; its intents as '{}' are rejected", reason, agent);
        }
        return reason;
    }

    /** @return every accepted grant */
    public Collection<AgentGrant> grants() {
        return grants.get().values().stream().map(CapabilityMatcher::grant).toList();
    }

    /** @return the last load result */
    public String status() {
        return status;
    }

    /** @return the run directory (relative paths in commands and configuration are resolved against it) */
    public Path home() {
        return home;
    }
}
