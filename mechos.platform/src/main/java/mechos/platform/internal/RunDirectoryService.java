package mechos.platform.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.platform.api.RunDirectory;

/**
 * Resolves the run directory once: {@code mechos.home} (framework or system property), else
 * {@code ~/.mechos}. The same expression is used by FileInstall ({@code felix.fileinstall.dir} in run.bndrun)
 * and Logback, so configuration, logs and data always land together.
 */
@Component(service = RunDirectory.class, immediate = true)
public final class RunDirectoryService implements RunDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(RunDirectoryService.class);

    private final Path home;

    @Activate
    public RunDirectoryService(BundleContext context) throws IOException {
        this(context.getProperty(PROPERTY), System.getProperty("user.home"));
    }

    RunDirectoryService(String configured, String userHome) throws IOException {
        Path dir = configured != null && !configured.isBlank() ? Paths.get(configured.trim())
                : Paths.get(userHome, ".mechos");
        this.home = dir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(home);
        } catch (IOException e) {
            throw new IOException("cannot create the MechOS run directory " + home + " (set -D" + PROPERTY
                    + " or MECHOS_HOME to a writable directory): " + e, e);
        }
        LOG.info("Run directory: {}", home);
    }

    @Override
    public Path home() {
        return home;
    }
}
