package mechos.platform.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Objects;
import java.util.function.UnaryOperator;

import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.platform.api.RunDirectory;

/**
 * Keeps the Felix Web Console off {@code admin/admin}. In order of precedence:
 * <ol>
 * <li>{@code MECHOS_CONSOLE_PASSWORD} (environment) or {@code mechos.console.password} (framework/system
 * property), with {@code MECHOS_CONSOLE_USER}/{@code mechos.console.user} or the configured user name;</li>
 * <li>credentials an operator configured for the console's own PID (a {@code conf/} file or the console's
 * configuration page) — left alone;</li>
 * <li>otherwise a random password generated on first start, stored owner-only in the run directory and
 * printed once to the console (never to the log files).</li>
 * </ol>
 * Passwords reach Config Admin only as salted hashes. run.bndrun also sets an unusable default password, so the
 * console refuses every login until this component has applied credentials.
 */
@Component(immediate = true, configurationPid = ConsoleCredentials.PID)
@Designate(ocd = ConsoleCredentialsConfig.class)
public final class ConsoleCredentials {
    static final String PID = "mechos.platform.console";
    static final String CONSOLE_PID = "org.apache.felix.webconsole.internal.servlet.OsgiManager";
    /** Property we add to the console configuration: the exact hash we wrote, to tell our writes from others'. */
    static final String APPLIED = "mechos.credentials.applied";
    static final String SOURCE = "mechos.credentials.source";

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleCredentials.class);
    /** Routed to the console only by logback.xml, so the generated password never lands in log files. */
    private static final Logger FIRST_BOOT = LoggerFactory.getLogger("mechos.firstboot");

    private final ConfigurationAdmin configAdmin;
    private final RunDirectory runDirectory;
    private final UnaryOperator<String> environment;
    private final SecureRandom random = new SecureRandom();

    @Activate
    public ConsoleCredentials(BundleContext context, @Reference ConfigurationAdmin configAdmin,
            @Reference RunDirectory runDirectory, ConsoleCredentialsConfig config) {
        this(configAdmin, runDirectory, name -> firstNonBlank(context.getProperty(propertyName(name)),
                System.getenv(name)), config);
    }

    ConsoleCredentials(ConfigurationAdmin configAdmin, RunDirectory runDirectory, UnaryOperator<String> environment,
            ConsoleCredentialsConfig config) {
        this.configAdmin = configAdmin;
        this.runDirectory = runDirectory;
        this.environment = environment;
        apply(config);
    }

    @Modified
    void modified(ConsoleCredentialsConfig config) {
        apply(config);
    }

    /** What {@link #apply} decided, for logs and tests. */
    enum Outcome {
        FROM_ENVIRONMENT, FROM_CONFIGURATION, GENERATED, UNCHANGED, FAILED
    }

    Outcome apply(ConsoleCredentialsConfig config) {
        try {
            Configuration console = configAdmin.getConfiguration(CONSOLE_PID, "?");
            Dictionary<String, Object> current = console.getProperties();
            String stored = current == null ? null : (String) current.get("password");
            String applied = current == null ? null : (String) current.get(APPLIED);
            String storedUser = current == null ? null : (String) current.get("username");
            boolean ours = stored == null || stored.equals(applied);

            String envPassword = environment.apply("MECHOS_CONSOLE_PASSWORD");
            String user = firstNonBlank(environment.apply("MECHOS_CONSOLE_USER"), config.username());
            if (envPassword != null) {
                if (ours && user.equals(storedUser) && ConsolePassword.matches(envPassword, stored)) {
                    return Outcome.UNCHANGED;
                }
                write(console, current, user, envPassword, "environment");
                LOG.info("Web Console credentials for user '{}' taken from MECHOS_CONSOLE_PASSWORD", user);
                return Outcome.FROM_ENVIRONMENT;
            }
            if (!ours) {
                LOG.info("Web Console credentials come from configuration (PID {}); not managed by MechOS",
                        CONSOLE_PID);
                return Outcome.FROM_CONFIGURATION;
            }
            Path file = runDirectory.resolve(config.passwordFile());
            boolean fresh = !Files.exists(file);
            String password = fresh ? createPasswordFile(file) : readPasswordFile(file);
            if (!fresh && user.equals(storedUser) && ConsolePassword.matches(password, stored)) {
                return Outcome.UNCHANGED;
            }
            write(console, current, user, password, "generated");
            if (fresh) {
                FIRST_BOOT.warn("Web Console: user '{}', generated password '{}' (shown once; stored in {}, "
                        + "readable only by its owner). Set MECHOS_CONSOLE_PASSWORD to choose your own.", user,
                        password, file);
            } else {
                LOG.info("Web Console credentials for user '{}' from {}", user, file);
            }
            return Outcome.GENERATED;
        } catch (IOException | RuntimeException e) {
            LOG.error("Cannot set the Web Console credentials; the console stays locked: {}", e.toString(), e);
            return Outcome.FAILED;
        }
    }

    private void write(Configuration console, Dictionary<String, Object> current, String user, String password,
            String source) throws IOException {
        Dictionary<String, Object> props = new Hashtable<>();
        if (current != null) {
            for (var keys = current.keys(); keys.hasMoreElements();) {
                String k = keys.nextElement();
                props.put(k, current.get(k));
            }
        }
        String hash = ConsolePassword.hash(password, random);
        props.put("username", user);
        props.put("password", hash);
        props.put(APPLIED, hash);
        props.put(SOURCE, source);
        console.update(props);
    }

    private String createPasswordFile(Path file) throws IOException {
        String password = ConsolePassword.generate(random, 20);
        Files.createDirectories(file.getParent());
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(file);
        }
        Files.writeString(file, password + "\n", StandardCharsets.UTF_8);
        return password;
    }

    private static String readPasswordFile(Path file) throws IOException {
        String password = Files.readString(file, StandardCharsets.UTF_8).trim();
        if (password.isEmpty()) {
            throw new IOException("console password file " + file + " is empty; delete it to generate a new one");
        }
        return password;
    }

    /** MECHOS_CONSOLE_PASSWORD → mechos.console.password */
    static String propertyName(String environmentName) {
        return environmentName.toLowerCase(java.util.Locale.ROOT).replace('_', '.');
    }

    static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "ConsoleCredentials[" + Objects.toString(runDirectory.home()) + "]";
    }
}
