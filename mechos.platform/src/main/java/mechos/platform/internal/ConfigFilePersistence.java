package mechos.platform.internal;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.platform.api.RunDirectory;

/**
 * One source of truth for configurations that live in {@code conf/}: a change made in Config Admin that lost
 * FileInstall's {@code felix.fileinstall.filename} property (the Web Console's configuration form keeps only the
 * properties it lists, so every form save drops it) is written to the configuration's {@code conf/} file, and the
 * property is restored. Without this the file, still holding the old value, wins on the next start (a lowered speed
 * cap silently raised again).
 *
 * <p>Configurations that keep the property are left to FileInstall, which writes them back itself
 * ({@code felix.fileinstall.enableConfigSave}). The file of a configuration is known from the property when it was
 * last seen, else from FileInstall's naming ({@code <pid>.cfg}, {@code <factoryPid>-<name>.cfg} for a named factory
 * configuration {@code factoryPid~name}); a configuration with no file in {@code conf/} stays in Config Admin only.
 *
 * <p>No loop with FileInstall: the file is written with the values as FileInstall reads them back (strings), and
 * Config Admin is updated only if it differs, so FileInstall's next scan finds file and configuration equal. Events
 * arrive on Config Admin's event thread; nothing here runs on a control thread.
 */
@Component(service = ConfigurationListener.class, immediate = true)
public final class ConfigFilePersistence implements ConfigurationListener {
    static final String FILENAME = "felix.fileinstall.filename";
    private static final Logger LOG = LoggerFactory.getLogger(ConfigFilePersistence.class);

    private final ConfigurationAdmin cm;
    private final Path confDir;
    private final Map<String, Path> files = new ConcurrentHashMap<>();
    /** Framework property {@code mechos.conf.writeback=false} switches the write-back off (e.g. a read-only conf/). */
    private volatile boolean enabled = true;

    @Activate
    public ConfigFilePersistence(BundleContext context, @Reference ConfigurationAdmin cm,
            @Reference RunDirectory runDirectory) {
        this(cm, confDir(context.getProperty("felix.fileinstall.dir"), runDirectory));
        enabled = !"false".equalsIgnoreCase(context.getProperty("mechos.conf.writeback"));
        if (enabled) {
            learnAll();
        } else {
            LOG.info("mechos.conf.writeback=false: Config Admin changes are not written back to conf/ files");
        }
    }

    ConfigFilePersistence(ConfigurationAdmin cm, Path confDir) {
        this.cm = cm;
        this.confDir = confDir;
    }

    /**
     * FileInstall's directory when the framework property names it literally; run.bndrun gives it as an expression
     * ({@code ${mechos.home:-...}/conf}) that only FileInstall expands, and that is the run directory's conf/.
     */
    static Path confDir(String fileInstallDir, RunDirectory runDirectory) {
        return fileInstallDir != null && !fileInstallDir.isBlank() && !fileInstallDir.contains("${")
                ? Paths.get(fileInstallDir).toAbsolutePath()
                : runDirectory.resolve("conf");
    }

    /** Remembers the file of every configuration FileInstall has created so far. */
    private void learnAll() {
        try {
            Configuration[] all = cm.listConfigurations("(" + FILENAME + "=*)");
            if (all != null) {
                for (Configuration c : all) {
                    learn(c.getPid(), c.getProperties());
                }
            }
        } catch (IOException | InvalidSyntaxException | RuntimeException e) {
            LOG.warn("Cannot list configurations to learn their conf/ files: {}", e.toString());
        }
    }

    @Override
    public void configurationEvent(ConfigurationEvent event) {
        if (!enabled) {
            return;
        }
        if (event.getType() == ConfigurationEvent.CM_DELETED) {
            files.remove(event.getPid());
            return;
        }
        if (event.getType() != ConfigurationEvent.CM_UPDATED) {
            return;
        }
        try {
            persist(event.getPid());
        } catch (IOException | InvalidSyntaxException | RuntimeException e) {
            LOG.warn("configuration {}: the change made in Config Admin could not be written to its conf/ file ({}); "
                    + "the file's values return on the next start", event.getPid(), e.toString());
        }
    }

    /**
     * Writes the configuration's current properties to its {@code conf/} file if they lost the file reference.
     *
     * @return the file written, or null if nothing had to be written
     */
    Path persist(String pid) throws IOException, InvalidSyntaxException {
        Configuration[] found = cm.listConfigurations("(service.pid=" + escape(pid) + ")");
        if (found == null || found.length == 0) {
            return null;
        }
        Configuration c = found[0];
        Dictionary<String, Object> props = c.getProperties();
        if (props == null) {
            return null;
        }
        if (props.get(FILENAME) != null) {
            learn(pid, props);
            return null;
        }
        Path file = fileOf(pid);
        if (file == null || !Files.isRegularFile(file)) {
            return null;
        }
        Map<String, String> values = ConfFile.values(props);
        boolean changed = ConfFile.write(file, values, scratchDir(file));
        // Config Admin keeps the typed values the component was given (only the file reference is added back):
        // turning them into text here made the kernel see a second, different configuration right after the one
        // it refused, so its refusal and set-back raced with this write (KernelIT e). FileInstall reads the text
        // file back to the same values, or rewrites it in its typed syntax; either way there is no update loop.
        Hashtable<String, Object> next = new Hashtable<>();
        for (java.util.Enumeration<String> keys = props.keys(); keys.hasMoreElements();) {
            String k = keys.nextElement();
            if (!"service.pid".equals(k) && !"service.factoryPid".equals(k)) {
                next.put(k, props.get(k));
            }
        }
        next.put(FILENAME, key(file));
        c.updateIfDifferent(next);
        if (changed) {
            LOG.info("configuration {} changed in Config Admin (e.g. the Web Console form): written to {}", pid, file);
        }
        return file;
    }

    private void learn(String pid, Dictionary<String, Object> props) {
        Object name = props == null ? null : props.get(FILENAME);
        if (name instanceof String s) {
            try {
                files.put(pid, Paths.get(URI.create(s)));
            } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
                LOG.warn("configuration {}: {}={} is not a file URI ({}); its conf/ file is found by name", pid,
                        FILENAME, s, e.toString());
            }
        }
    }

    /** @return the configuration's file: as last reported by FileInstall, else by FileInstall's naming */
    Path fileOf(String pid) {
        Path known = files.get(pid);
        if (known != null) {
            return known;
        }
        int tilde = pid.indexOf('~');
        String name = tilde > 0 ? pid.substring(0, tilde) + "-" + pid.substring(tilde + 1) : pid;
        if (name.contains("/") || name.contains(File.separator) || name.startsWith(".")) {
            return null;
        }
        return confDir.resolve(name + ".cfg");
    }

    /** The same spelling FileInstall uses ({@code File.toURI()}), so FileInstall finds the configuration by it. */
    static String key(Path file) {
        return file.toAbsolutePath().toFile().toURI().toString();
    }

    /** Next to the file's directory (same file system), not in it: FileInstall never sees the temporary file. */
    private static Path scratchDir(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        return dir.getParent() != null ? dir.getParent() : dir;
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").replace("*", "\\*");
    }
}
