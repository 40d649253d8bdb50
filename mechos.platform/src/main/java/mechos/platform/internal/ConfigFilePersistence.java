package mechos.platform.internal;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.apache.felix.fileinstall.shaded.util.properties.InterpolationHelper;
import org.apache.felix.fileinstall.shaded.util.properties.TypedProperties;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.platform.api.ConfigurationJudge;
import mechos.platform.api.ConfigurationJudge.Verdict;
import mechos.platform.api.RunDirectory;

/**
 * The one writer of {@code conf/} files (FileInstall's own write-back, {@code felix.fileinstall.enableConfigSave}, is
 * off in run.bndrun): a configuration changed in Config Admin by anything but its file (the Web Console form,
 * {@code mechos:param set}, a component's set-back of a refused value) is written to its {@code conf/} file, so the
 * change survives a restart and the file never silently wins with an old value.
 *
 * <p>What is written, and when:
 * <ul>
 * <li>per PID, after the configuration has been quiet for {@value #QUIET_MS} ms (a fast sequence of changes is one
 * write), the <em>current</em> Config Admin properties (not an event's), on one worker thread;</li>
 * <li>only what is in force: every {@link ConfigurationJudge} is asked first (the kernel for its safety
 * configurations, the metatype check for the others); a refused value is never written (its owner sets Config Admin
 * back, which is another change), and values not judged yet wait (up to {@value #JUDGE_DEADLINE_MS} ms, then one
 * WARN);</li>
 * <li>nothing when the file already holds these values as FileInstall reads them (typed values compared: a change
 * that came from the file itself is never written back);</li>
 * <li>nothing when the file was edited since it last matched Config Admin: FileInstall applies that edit next;</li>
 * <li>in FileInstall's own syntax (typed values where Config Admin holds typed values), read back before it replaces
 * the file atomically, so FileInstall's next scan finds file and Config Admin equal and applies nothing.</li>
 * </ul>
 *
 * <p>The file of a configuration is known from FileInstall's {@code felix.fileinstall.filename} property when it was
 * last seen (a Web Console form save drops the property), else from FileInstall's naming ({@code <pid>.cfg},
 * {@code <factoryPid>-<name>.cfg}); a configuration with no file in {@code conf/} stays in Config Admin only.
 * Events arrive on Config Admin's event thread and only schedule work; nothing here runs on a control thread.
 */
@Component(service = ConfigurationListener.class, immediate = true)
public final class ConfigFilePersistence implements ConfigurationListener {
    static final String FILENAME = "felix.fileinstall.filename";
    /** A PID's changes are written once it has been quiet this long. */
    static final long QUIET_MS = 250;
    /** How often values not judged yet are looked at again. */
    static final long RETRY_MS = 250;
    /** Values their judge has not judged after this long are not written (one WARN). */
    static final long JUDGE_DEADLINE_MS = 10_000;
    /** How long after a write FileInstall's rescan of it (poll 1 s) may still arrive as an update. */
    static final long ECHO_WINDOW_MS = 5_000;
    private static final Logger LOG = LoggerFactory.getLogger(ConfigFilePersistence.class);

    /** Runs the persistence work, one task at a time, after a delay; tests step it by hand. */
    interface Worker {
        /** @throws RejectedExecutionException when shut down */
        void schedule(Runnable task, long delayMs);

        void shutdown();
    }

    /** What one attempt to persist a PID's configuration did. */
    enum Outcome {
        /** no configuration, or it has no {@code conf/} file */
        NO_FILE,
        /** the file already holds the values */
        IN_SYNC,
        WRITTEN,
        /** a judge refused the values: not written */
        REFUSED,
        /** a judge has not judged the values yet */
        PENDING,
        /** the file was edited since it last matched Config Admin: left to FileInstall */
        FILE_EDITED
    }

    /** The latest change of a PID: its number and when it was seen. */
    private record Change(long generation, long since) {
    }

    /** A write of {@code values}, leaving the file at {@code stamp}. */
    private record Written(Map<String, Object> values, Stamp stamp, long at) {
    }

    /** A configuration's properties as seen on an event. */
    private record Seen(Dictionary<String, Object> properties, long at) {
    }

    /** What FileInstall's scanner looks at to see a file changed (with its name and writability). */
    record Stamp(long modified, long size) {
        static Stamp of(Path file) throws IOException {
            return new Stamp(Files.getLastModifiedTime(file).toMillis(), Files.size(file));
        }
    }

    private final ConfigurationAdmin cm;
    private final Path confDir;
    private final Worker worker;
    private final LongSupplier clock;
    private final TypedProperties.SubstitutionCallback substitution;
    private final List<ConfigurationJudge> judges = new CopyOnWriteArrayList<>();
    private final Map<String, Path> files = new ConcurrentHashMap<>();
    private final Map<String, Change> changes = new ConcurrentHashMap<>();
    /** pid → the file's stamp when it last held what Config Admin holds (used on the worker thread only). */
    private final Map<String, Stamp> inSync = Collections.synchronizedMap(new HashMap<>());
    /** pid → the last write, while FileInstall's rescan of it may still come. */
    private final Map<String, Written> written = new ConcurrentHashMap<>();
    /** pid → the properties seen on its last event. */
    private final Map<String, Seen> seen = new ConcurrentHashMap<>();
    /** Framework property {@code mechos.conf.writeback=false} switches the write-back off (e.g. a read-only conf/). */
    private final boolean enabled;

    @Activate
    public ConfigFilePersistence(BundleContext context, @Reference ConfigurationAdmin cm,
            @Reference RunDirectory runDirectory) {
        this(cm, confDir(context.getProperty("felix.fileinstall.dir"), runDirectory), executorWorker(),
                System::currentTimeMillis, substitution(context),
                !"false".equalsIgnoreCase(context.getProperty("mechos.conf.writeback")));
        if (enabled) {
            schedule(this::learnAll, 0);
        } else {
            LOG.info("mechos.conf.writeback=false: Config Admin changes are not written back to conf/ files");
        }
    }

    ConfigFilePersistence(ConfigurationAdmin cm, Path confDir, Worker worker, LongSupplier clock,
            TypedProperties.SubstitutionCallback substitution, boolean enabled) {
        this.cm = cm;
        this.confDir = confDir;
        this.worker = worker;
        this.clock = clock;
        this.substitution = substitution;
        this.enabled = enabled;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addJudge(ConfigurationJudge judge) {
        judges.add(judge);
    }

    void removeJudge(ConfigurationJudge judge) {
        judges.remove(judge);
    }

    @Deactivate
    void deactivate() {
        worker.shutdown();
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

    /** {@code ${...}} in a file is expanded as FileInstall expands it (framework and system properties). */
    private static TypedProperties.SubstitutionCallback substitution(BundleContext context) {
        InterpolationHelper.SubstitutionCallback cb = new InterpolationHelper.BundleContextSubstitutionCallback(context);
        return (name, key, value) -> cb.getValue(value);
    }

    private static Worker executorWorker() {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mechos-conf-writer");
            t.setDaemon(true);
            return t;
        });
        return new Worker() {
            @Override
            public void schedule(Runnable task, long delayMs) {
                executor.schedule(task, delayMs, TimeUnit.MILLISECONDS);
            }

            @Override
            public void shutdown() {
                executor.shutdownNow();
            }
        };
    }

    private void schedule(Runnable task, long delayMs) {
        try {
            worker.schedule(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.warn("conf/ write-back task failed: {}", e.toString());
                }
            }, delayMs);
        } catch (RejectedExecutionException e) {
            LOG.debug("conf/ write-back stopped; task dropped", e);
        }
    }

    /** Remembers the file of every configuration FileInstall has created so far, and which files match. */
    private void learnAll() {
        try {
            Configuration[] all = cm.listConfigurations("(" + FILENAME + "=*)");
            if (all != null) {
                for (Configuration c : all) {
                    Dictionary<String, Object> props = c.getProperties();
                    learn(c.getPid(), props);
                    Path file = fileOf(c.getPid());
                    if (props != null && file != null && Files.isRegularFile(file)) {
                        Stamp stamp = Stamp.of(file);
                        if (ConfFile.same(ConfFile.read(file, substitution), ConfFile.values(props))) {
                            inSync.put(c.getPid(), stamp);
                        }
                    }
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
        String pid = event.getPid();
        if (event.getType() == ConfigurationEvent.CM_DELETED) {
            files.remove(pid);
            changes.remove(pid);
            inSync.remove(pid);
            written.remove(pid);
            seen.remove(pid);
            return;
        }
        if (event.getType() != ConfigurationEvent.CM_UPDATED) {
            return;
        }
        long now = clock.getAsLong();
        echo(pid, now);
        Change change = changes.merge(pid, new Change(1, now), (old, n) -> new Change(old.generation() + 1, now));
        schedule(() -> attempt(pid, change.generation()), QUIET_MS);
    }

    /**
     * Notices FileInstall re-reading a file this class just wrote over a newer change: FileInstall sees the file
     * changed (its scanner compares modification time and size) and applies it if Config Admin differs by then. Such
     * an update sets exactly the written values, with FileInstall's file reference, while the file is still as
     * written, right after an event that showed other values; the newer values are then restored (unless a judge
     * refused them: then the re-read is as good as the owner's set-back).
     */
    private void echo(String pid, long now) {
        Dictionary<String, Object> props;
        try {
            Configuration[] found = cm.listConfigurations("(service.pid=" + escape(pid) + ")");
            props = found == null || found.length == 0 ? null : found[0].getProperties();
        } catch (IOException | InvalidSyntaxException | RuntimeException e) {
            LOG.debug("configuration {}: not readable on its event", pid, e);
            return;
        }
        if (props == null) {
            return;
        }
        learn(pid, props);
        Path file = fileOf(pid);
        if (file != null && file.toUri().equals(uri(props.get(FILENAME)))) {
            // FileInstall's own update (it always sets its reference): the file as it is now has been applied
            try {
                Stamp stamp = Stamp.of(file);
                if (ConfFile.same(ConfFile.read(file, substitution), ConfFile.values(props))) {
                    inSync.put(pid, stamp);
                }
            } catch (IOException e) {
                LOG.debug("configuration {}: {} not readable on its event", pid, file, e);
            }
        }
        Seen before = seen.put(pid, new Seen(props, now));
        Written w = written.get(pid);
        if (w == null || before == null || now - w.at() > ECHO_WINDOW_MS || before.at() < w.at()) {
            return;
        }
        if (file == null || !key(file).equals(props.get(FILENAME)) || !ConfFile.same(ConfFile.values(props), w.values())
                || ConfFile.same(ConfFile.values(before.properties()), w.values())) {
            return;
        }
        try {
            if (!Stamp.of(file).equals(w.stamp())) {
                return;
            }
        } catch (IOException e) {
            return;
        }
        written.remove(pid, w);
        Dictionary<String, Object> newer = before.properties();
        schedule(() -> restore(pid, file, newer, w), 0);
    }

    private void restore(String pid, Path file, Dictionary<String, Object> newer, Written w) {
        try {
            if (verdict(pid, newer) == Verdict.REFUSED) {
                return;
            }
            Configuration[] found = cm.listConfigurations("(service.pid=" + escape(pid) + ")");
            Dictionary<String, Object> now = found == null || found.length == 0 ? null : found[0].getProperties();
            if (now == null || !ConfFile.same(ConfFile.values(now), w.values())) {
                return;
            }
            java.util.Hashtable<String, Object> next = new java.util.Hashtable<>();
            for (Enumeration<String> keys = newer.keys(); keys.hasMoreElements();) {
                String k = keys.nextElement();
                next.put(k, newer.get(k));
            }
            next.put(FILENAME, key(file));
            if (found[0].updateIfDifferent(next)) {
                LOG.info("configuration {}: FileInstall re-read {} (written for an earlier change) over a newer "
                        + "change; the newer values are restored", pid, file);
            }
        } catch (IOException | InvalidSyntaxException | RuntimeException e) {
            LOG.warn("configuration {}: restoring the change FileInstall re-read over failed ({})", pid, e.toString());
        }
    }

    /** One attempt for the PID's change number {@code generation}; a newer change makes it a no-op. */
    void attempt(String pid, long generation) {
        Change change = changes.get(pid);
        if (change == null || change.generation() != generation) {
            return;
        }
        try {
            if (persist(pid) == Outcome.PENDING) {
                if (clock.getAsLong() - change.since() < JUDGE_DEADLINE_MS) {
                    schedule(() -> attempt(pid, generation), RETRY_MS);
                    return;
                }
                LOG.warn("configuration {}: its owner has not judged the values Config Admin holds within {} ms; "
                        + "they are not written to the conf/ file (the file's values return on the next start)", pid,
                        JUDGE_DEADLINE_MS);
            }
        } catch (IOException | InvalidSyntaxException | RuntimeException e) {
            LOG.warn("configuration {}: the change made in Config Admin could not be written to its conf/ file ({}); "
                    + "the file's values return on the next start", pid, e.getMessage());
        }
        changes.remove(pid, change);
    }

    /** Writes the configuration's current properties to its {@code conf/} file if they are in force and new. */
    Outcome persist(String pid) throws IOException, InvalidSyntaxException {
        Configuration[] found = cm.listConfigurations("(service.pid=" + escape(pid) + ")");
        if (found == null || found.length == 0) {
            return Outcome.NO_FILE;
        }
        Dictionary<String, Object> props = found[0].getProperties();
        if (props == null) {
            return Outcome.NO_FILE;
        }
        learn(pid, props);
        Path file = fileOf(pid);
        if (file == null || !Files.isRegularFile(file)) {
            return Outcome.NO_FILE;
        }
        Map<String, Object> values = ConfFile.values(props);
        Stamp stamp = Stamp.of(file);
        if (ConfFile.same(ConfFile.read(file, substitution), values)) {
            inSync.put(pid, stamp);
            return Outcome.IN_SYNC;
        }
        Verdict verdict = verdict(pid, props);
        if (verdict == Verdict.REFUSED || verdict == Verdict.PENDING) {
            LOG.debug("configuration {}: {} by its owner, not written to {}", pid, verdict, file);
            return verdict == Verdict.REFUSED ? Outcome.REFUSED : Outcome.PENDING;
        }
        Stamp known = inSync.get(pid);
        if (known != null && !known.equals(stamp)) {
            LOG.warn("configuration {}: Config Admin and {} differ and the file was edited since they last matched: "
                    + "the file wins (FileInstall applies it); Config Admin's values are not written", pid, file);
            return Outcome.FILE_EDITED;
        }
        ConfFile.write(file, values, scratchDir(file), substitution);
        Stamp written = Stamp.of(file);
        inSync.put(pid, written);
        this.written.put(pid, new Written(values, written, clock.getAsLong()));
        LOG.info("configuration {} changed in Config Admin ({}): written to {}", pid,
                props.get(FILENAME) == null ? "e.g. the Web Console form" : "e.g. mechos:param set or a set-back",
                file);
        return Outcome.WRITTEN;
    }

    /** @return REFUSED if any judge refuses, else PENDING if any has not judged yet, else ACCEPTED */
    private Verdict verdict(String pid, Dictionary<String, Object> props) {
        Map<String, Object> values = new HashMap<>();
        for (Enumeration<String> keys = props.keys(); keys.hasMoreElements();) {
            String k = keys.nextElement();
            values.put(k, props.get(k));
        }
        Map<String, Object> view = Collections.unmodifiableMap(values);
        boolean pending = false;
        for (ConfigurationJudge judge : judges) {
            Verdict v;
            try {
                v = judge.verdict(pid, view);
            } catch (RuntimeException e) {
                LOG.warn("configuration {}: judge {} failed ({}); the change is not written", pid, judge,
                        e.toString());
                return Verdict.REFUSED;
            }
            if (v == Verdict.REFUSED) {
                return Verdict.REFUSED;
            }
            pending |= v == Verdict.PENDING;
        }
        return pending ? Verdict.PENDING : Verdict.ACCEPTED;
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

    private static URI uri(Object fileName) {
        try {
            return fileName instanceof String s ? Paths.get(URI.create(s)).toUri() : null;
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            return null;
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
