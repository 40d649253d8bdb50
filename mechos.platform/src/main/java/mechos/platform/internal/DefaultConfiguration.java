package mechos.platform.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.platform.api.RunDirectory;

/**
 * Ships the default run configuration: copies each file of {@code cnf/conf/} (packaged in this bundle under
 * {@code defaults/conf/}) into {@code <run dir>/conf/} when that file does not exist yet. Existing files are
 * the operator's and are never overwritten, so edits survive upgrades. FileInstall watches that directory.
 */
@Component(immediate = true)
public final class DefaultConfiguration {
    static final String DEFAULTS = "defaults/conf";
    private static final Logger LOG = LoggerFactory.getLogger(DefaultConfiguration.class);

    @Activate
    public DefaultConfiguration(BundleContext context, @Reference RunDirectory runDirectory) {
        List<URL> entries = new ArrayList<>();
        Enumeration<URL> found = context.getBundle().findEntries(DEFAULTS, "*", false);
        while (found != null && found.hasMoreElements()) {
            entries.add(found.nextElement());
        }
        seed(entries, runDirectory.resolve("conf"));
    }

    /** Copies each entry not present in {@code confDir}. @return the files written */
    static List<Path> seed(List<URL> entries, Path confDir) {
        List<Path> written = new ArrayList<>();
        try {
            Files.createDirectories(confDir);
        } catch (IOException e) {
            LOG.error("Cannot create configuration directory {}: {}; default configuration not installed", confDir,
                    e.toString());
            return written;
        }
        for (URL url : entries) {
            String path = url.getPath();
            if (path.endsWith("/")) {
                continue;
            }
            Path target = confDir.resolve(path.substring(path.lastIndexOf('/') + 1));
            if (Files.exists(target)) {
                continue;
            }
            try (InputStream in = url.openStream()) {
                Files.copy(in, target);
                written.add(target);
                LOG.debug("Installed default configuration {}", target);
            } catch (FileAlreadyExistsException e) {
                LOG.debug("{} appeared concurrently; keeping it", target);
            } catch (IOException e) {
                LOG.warn("Cannot install default configuration {}: {}", target, e.toString());
            }
        }
        if (!written.isEmpty()) {
            LOG.info("Installed {} default configuration file(s) into {}", written.size(), confDir);
        }
        return written;
    }
}
