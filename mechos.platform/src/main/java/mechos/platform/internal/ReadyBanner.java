package mechos.platform.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.platform.api.RunDirectory;

/**
 * Prints one banner when the framework has finished starting (every bundle's start level reached): where the console is,
 * the user, where its password is (never the password), the run directory and the hardware profile (the
 * active {@code mechos.hal.*} driver bundles). Nothing is printed when this component starts later (a bundle
 * update), because the robot was already up.
 */
@Component(immediate = true)
public final class ReadyBanner implements FrameworkListener {
    private static final Logger BANNER = LoggerFactory.getLogger("mechos.banner");
    private static final Logger LOG = LoggerFactory.getLogger(ReadyBanner.class);

    private final BundleContext context;
    private final ConfigurationAdmin configAdmin;
    private final RunDirectory runDirectory;
    private final AtomicBoolean printed = new AtomicBoolean();

    @Activate
    public ReadyBanner(BundleContext context, @Reference ConfigurationAdmin configAdmin,
            @Reference RunDirectory runDirectory) {
        this.context = context;
        this.configAdmin = configAdmin;
        this.runDirectory = runDirectory;
        context.addFrameworkListener(this);
    }

    @Deactivate
    void deactivate() {
        context.removeFrameworkListener(this);
    }

    @Override
    public void frameworkEvent(FrameworkEvent event) {
        // The bnd launcher starts the framework (STARTED) and then raises the start level to the highest bundle
        // level (STARTLEVEL_CHANGED): the robot is up once the framework is at or above every bundle's level.
        if (event.getType() != FrameworkEvent.STARTED && event.getType() != FrameworkEvent.STARTLEVEL_CHANGED) {
            return;
        }
        if (!allLevelsReached() || !printed.compareAndSet(false, true)) {
            return;
        }
        try {
            BANNER.info(render(consoleUrl(), user(), passwordWhere(), runDirectory.home(), hardware()));
        } catch (IOException | InvalidSyntaxException | RuntimeException e) {
            LOG.warn("cannot print the start-up banner: {}", e.toString());
        }
    }

    /** The banner text (several lines). */
    static String render(String url, String user, String passwordWhere, Path runDir, List<String> hardware) {
        String line = "=".repeat(72);
        return String.join(System.lineSeparator(), "", line, "  MechOS is ready",
                "  Console:   " + url,
                "  User:      " + user,
                "  Password:  " + passwordWhere,
                "  Run dir:   " + runDir,
                "  Hardware:  " + (hardware.isEmpty() ? "no driver bundle active" : String.join(", ", hardware)),
                line);
    }

    private boolean allLevelsReached() {
        int framework = context.getBundle(0).adapt(FrameworkStartLevel.class).getStartLevel();
        for (Bundle b : context.getBundles()) {
            BundleStartLevel level = b.adapt(BundleStartLevel.class);
            if (level != null && level.getStartLevel() > framework) {
                return false;
            }
        }
        return true;
    }

    private String consoleUrl() {
        String host = context.getProperty("org.apache.felix.http.host");
        if (host == null || host.isBlank() || host.equals("0.0.0.0")) {
            host = "127.0.0.1";
        }
        String port = context.getProperty("org.osgi.service.http.port");
        return "http://" + host + ":" + (port == null ? "8080" : port) + "/system/console/mechos";
    }

    private Dictionary<String, Object> console() throws IOException, InvalidSyntaxException {
        Configuration[] c = configAdmin.listConfigurations(
                "(service.pid=" + ConsoleCredentials.CONSOLE_PID + ")");
        return c == null || c.length == 0 ? null : c[0].getProperties();
    }

    private String user() throws IOException, InvalidSyntaxException {
        Dictionary<String, Object> c = console();
        Object u = c == null ? null : c.get("username");
        return u == null ? "admin" : u.toString();
    }

    private String passwordWhere() throws IOException, InvalidSyntaxException {
        Dictionary<String, Object> c = console();
        Object source = c == null ? null : c.get(ConsoleCredentials.SOURCE);
        if ("environment".equals(source)) {
            return "from MECHOS_CONSOLE_PASSWORD";
        }
        if ("generated".equals(source)) {
            Configuration[] own = configAdmin.listConfigurations("(service.pid=" + ConsoleCredentials.PID + ")");
            Object file = own == null || own.length == 0 || own[0].getProperties() == null ? null
                    : own[0].getProperties().get("passwordFile");
            return "in " + runDirectory.resolve(file == null ? "console-password" : file.toString());
        }
        return "set in the console's own configuration (" + ConsoleCredentials.CONSOLE_PID + ")";
    }

    /**
     * The hardware profile (PID {@code mechos.hardware}, key {@code profile}: which driver families run, issue 13)
     * and the active driver bundles (the support layer is no driver).
     */
    private List<String> hardware() throws IOException, InvalidSyntaxException {
        List<String> drivers = new ArrayList<>();
        Configuration[] c = configAdmin.listConfigurations("(service.pid=mechos.hardware)");
        Dictionary<String, Object> p = c == null || c.length == 0 ? null : c[0].getProperties();
        drivers.add(profile(p == null ? null : p.get("profile")));
        for (Bundle b : context.getBundles()) {
            String bsn = b.getSymbolicName();
            if (bsn != null && bsn.startsWith("mechos.hal.") && !bsn.equals("mechos.hal.api")
                    && !bsn.equals("mechos.hal.support") && b.getState() == Bundle.ACTIVE) {
                drivers.add(bsn.equals("mechos.hal.sim") ? "simulated (mechos.hal.sim)" : bsn);
            }
        }
        return drivers;
    }

    /** @return "profile sim" for the banner, from the configured value (a string or strings; none: the default) */
    static String profile(Object configured) {
        if (configured instanceof String[] a && a.length > 0) {
            return "profile " + String.join(",", a);
        }
        if (configured != null && !String.valueOf(configured).isBlank()) {
            return "profile " + configured;
        }
        return "profile sim (default)";
    }
}
