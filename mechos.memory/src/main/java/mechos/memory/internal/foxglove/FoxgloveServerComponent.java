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
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.kernel.api.bus.BusSubscription;
import mechos.kernel.api.bus.EventBus;
import mechos.memory.internal.recorder.MessageCodec;
import mechos.memory.internal.recorder.TopicFilter;
import mechos.platform.api.RunDirectory;

/**
 * Runs the {@link FoxgloveServer} on the kernel's bus when configured ({@code enabled=true}). A port that cannot be
 * bound or an unreadable token file is reported as one WARN and the rest of the robot runs on.
 */
@Component(configurationPid = FoxgloveServerComponent.PID, service = {}, immediate = true)
@Designate(ocd = FoxgloveConfig.class)
public final class FoxgloveServerComponent {
    public static final String PID = "mechos.memory.foxglove";
    private static final Logger LOG = LoggerFactory.getLogger(FoxgloveServerComponent.class);
    private static final int QUEUE = 10_000;

    private FoxgloveServer server;
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
            FoxgloveServer s = new FoxgloveServer(new InetSocketAddress(config.host(), config.port()), token,
                    config.clientQueue(), new MessageCodec(), Clock.systemUTC());
            s.start(5_000);
            TopicFilter filter = new TopicFilter(Arrays.stream(config.topics()).flatMap(t -> Arrays.stream(
                    t.split(","))).map(String::trim).filter(t -> !t.isEmpty()).toList());
            subscription = bus.subscribeAll(t -> filter.test(t.name()), "mechos.memory.foxglove", QUEUE,
                    s::onMessage);
            server = s;
            LOG.info("foxglove: live view on ws://{}:{}/ (token in {})", config.host(), s.port(), tokenFile);
        } catch (IOException | RuntimeException e) {
            LOG.warn("foxglove: live view not started ({}:{}): {}", config.host(), config.port(), e.getMessage());
        }
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
