package mechos.memory.internal.foxglove;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.kernel.api.Decision;
import mechos.kernel.api.Drive;
import mechos.kernel.api.Kernel;
import mechos.kernel.api.bus.BusSubscription;
import mechos.kernel.api.bus.EventBus;
import mechos.memory.internal.recorder.MessageCodec;
import mechos.memory.internal.recorder.TopicFilter;
import mechos.platform.api.RunDirectory;

/**
 * Runs the {@link FoxgloveServer} on the kernel's bus when configured ({@code enabled=true}). A port that cannot be
 * bound or an unreadable token file is reported as one WARN and the rest of the robot runs on.
 */
@Component(configurationPid = FoxgloveServerComponent.PID, service = ConfigurationListener.class, immediate = true)
@Designate(ocd = FoxgloveConfig.class)
public final class FoxgloveServerComponent implements ConfigurationListener {
    public static final String PID = "mechos.memory.foxglove";
    private static final Logger LOG = LoggerFactory.getLogger(FoxgloveServerComponent.class);
    private static final int QUEUE = 10_000;

    /** The agent id teleop drives are submitted as (the operator agent, principal "foxglove"). */
    static final String TELEOP_AGENT = "operator" + Kernel.PRINCIPAL_SEPARATOR + "foxglove";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ConfigurationAdmin configAdmin;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Kernel kernel;

    private volatile FoxgloveServer server;
    private BusSubscription subscription;

    @Activate
    public FoxgloveServerComponent(FoxgloveConfig config, @Reference EventBus bus,
            @Reference RunDirectory runDirectory) {
        if (!config.enabled()) {
            return;
        }
        try {
            Path tokenFile = config.tokenFile().isBlank() ? runDirectory.resolve("foxglove.token")
                    : Path.of(config.tokenFile().trim());
            String token = token(tokenFile);
            FoxgloveParameters parameters = new ConfigAdminParameters(() -> configAdmin,
                    Arrays.stream(config.parameterPids()).flatMap(p -> Arrays.stream(p.split(","))).toList());
            FoxgloveServer.Options options = new FoxgloveServer.Options(parameters, config.teleop(),
                    config.teleopTopic().trim(), this::submit);
            FoxgloveServer s = new FoxgloveServer(new InetSocketAddress(config.host(), config.port()), token,
                    config.clientQueue(), new MessageCodec(), Clock.systemUTC(), options);
            s.start(5_000);
            TopicFilter filter = new TopicFilter(Arrays.stream(config.topics()).flatMap(t -> Arrays.stream(
                    t.split(","))).map(String::trim).filter(t -> !t.isEmpty()).toList());
            subscription = bus.subscribeAll(t -> filter.test(t.name()), "mechos.memory.foxglove", QUEUE,
                    s::onMessage);
            server = s;
            LOG.info("foxglove: live view on ws://{}:{}/ (token in {}; parameters {}; teleop {})", config.host(),
                    s.port(), tokenFile, parameters.offered() ? String.join(",", config.parameterPids()) : "off",
                    config.teleop() ? "on, topic " + config.teleopTopic().trim() + ", as " + TELEOP_AGENT : "off");
        } catch (IOException | RuntimeException e) {
            LOG.warn("foxglove: live view not started ({}:{}): {}", config.host(), config.port(), e.getMessage());
        }
    }

    /**
     * Config Admin's event (on its own thread): a changed or deleted configuration of an offered PID is pushed to the
     * clients subscribed to its parameters ({@code parametersSubscribe}).
     */
    @Override
    public void configurationEvent(ConfigurationEvent event) {
        FoxgloveServer s = server;
        if (s != null && event.getType() != ConfigurationEvent.CM_LOCATION_CHANGED) {
            s.parametersChanged(event.getPid());
        }
    }

    /** A teleop drive goes to the kernel as the operator; with no kernel bound it is refused. */
    private Decision submit(Drive drive) {
        Kernel k = kernel;
        return k == null ? null : k.submit(TELEOP_AGENT, drive);
    }

    /** Reads the token, or creates the file with a random one readable by the owner only. */
    static String token(Path file) throws IOException {
        if (!Files.exists(file)) {
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            String token = HexFormat.of().formatHex(random);
            Files.createDirectories(file.toAbsolutePath().getParent());
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, token + "\n", StandardCharsets.UTF_8);
            } catch (FileAlreadyExistsException e) {
                LOG.debug("{} was created concurrently; reading it", file);
            } catch (UnsupportedOperationException e) {
                // a file system without POSIX permissions: the token is still needed, but say it is not owner-only
                LOG.warn("{}: this file system has no POSIX permissions; the Foxglove token file is not restricted "
                        + "to its owner", file);
                Files.writeString(file, token + "\n", StandardCharsets.UTF_8);
            }
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        String token = lines.isEmpty() ? "" : lines.get(0).trim();
        if (token.length() < 16) {
            throw new IOException("token file " + file + " holds no token of at least 16 characters");
        }
        return token;
    }

    @Deactivate
    void deactivate() {
        if (subscription != null) {
            subscription.close();
        }
        if (server != null) {
            server.stop();
        }
    }
}
