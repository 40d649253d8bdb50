package mechos.platform.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;

import mechos.platform.api.ConfigurationJudge;
import mechos.platform.api.ConfigurationJudge.Verdict;

/**
 * The write-back with a stepped clock and worker (no real time): ordering, debounce, judges, dedup. Every content
 * the file ever had is recorded (after each step), so a refused value that reached the file even briefly shows.
 */
class ConfigFilePersistenceTest {
    private static final String SPEED = "mechos.kernel.rule.speed";

    @TempDir
    Path home;

    /** Config Admin in memory: pid → properties; counts updates. */
    private final Map<String, Hashtable<String, Object>> store = new HashMap<>();
    private final List<String> updates = new ArrayList<>();
    private final AtomicLong now = new AtomicLong(1_000_000);
    /** due time → task, in scheduling order */
    private final List<Map.Entry<Long, Runnable>> tasks = new ArrayList<>();

    private final ConfigFilePersistence.Worker worker = new ConfigFilePersistence.Worker() {
        @Override
        public void schedule(Runnable task, long delayMs) {
            tasks.add(Map.entry(now.get() + delayMs, task));
        }

        @Override
        public void shutdown() {
            tasks.clear();
        }
    };

    private ConfigFilePersistence persistence(Path conf) {
        return new ConfigFilePersistence(cm(), conf, worker, now::get, null, true);
    }

    /** Moves the clock on by {@code ms}, running every task that falls due, in order. */
    private void advance(long ms) {
        long end = now.get() + ms;
        while (true) {
            Map.Entry<Long, Runnable> next = tasks.stream().filter(t -> t.getKey() <= end)
                    .min(java.util.Comparator.comparing(Map.Entry::getKey)).orElse(null);
            if (next == null) {
                break;
            }
            tasks.remove(next);
            now.set(Math.max(now.get(), next.getKey()));
            next.getValue().run();
        }
        now.set(end);
    }

    private Path speedFile(String content) throws Exception {
        Path conf = Files.createDirectories(home.resolve("conf"));
        Path file = conf.resolve(SPEED + ".cfg");
        Files.writeString(file, content);
        return file;
    }

    private void set(String pid, Map<String, Object> values, ConfigFilePersistence p) {
        Hashtable<String, Object> h = new Hashtable<>(values);
        h.put("service.pid", pid);
        store.put(pid, h);
        p.configurationEvent(event(ConfigurationEvent.CM_UPDATED, pid));
    }

    @Test
    void aFormSaveIsWrittenAfterTheQuietPeriodTypedSoThatFileInstallFindsNothingToApply() throws Exception {
        Path file = speedFile("# caps\nmax_linear=0.5\nmax_angular=1.5\n");
        ConfigFilePersistence p = persistence(file.getParent());
        // What the Web Console form stores: typed values, no felix.fileinstall.filename.
        set(SPEED, Map.of("max_linear", 0.4, "max_angular", 1.5), p);
        advance(ConfigFilePersistence.QUIET_MS - 1);
        assertEquals("# caps\nmax_linear=0.5\nmax_angular=1.5\n", Files.readString(file), "not before it is quiet");
        advance(1);
        assertEquals("# caps\nmax_linear = D\"0.4\"\nmax_angular = D\"1.5\"\n", Files.readString(file));
        assertTrue(ConfFile.same(ConfFile.values(store.get(SPEED)), ConfFile.read(file, null)),
                "FileInstall's next scan reads exactly what Config Admin holds: it applies nothing");
        assertEquals(List.of(), updates, "Config Admin is not touched");
    }

    @Test
    void aFastSequenceOfChangesIsOneWriteOfTheCurrentValues() throws Exception {
        Path file = speedFile("max_linear=0.5\n");
        ConfigFilePersistence p = persistence(file.getParent());
        List<String> contents = new ArrayList<>();
        for (double v : new double[] {0.1, 0.2, 0.3}) {
            set(SPEED, Map.of("max_linear", v), p);
            advance(ConfigFilePersistence.QUIET_MS / 2);
            contents.add(Files.readString(file));
        }
        advance(ConfigFilePersistence.QUIET_MS);
        contents.add(Files.readString(file));
        assertEquals(List.of("max_linear=0.5\n", "max_linear=0.5\n", "max_linear=0.5\n", "max_linear = D\"0.3\"\n"),
                contents, "never an intermediate value, never out of order");
    }

    @Test
    void aValueTheOwnerRefusesNeverReachesTheFileItsSetBackDoes() throws Exception {
        Path file = speedFile("max_linear=0.5\n");
        ConfigFilePersistence p = persistence(file.getParent());
        // the kernel: judges asynchronously (after a while), refuses non-finite caps and sets Config Admin back
        Map<String, Object> judged = new HashMap<>();
        Map<String, Boolean> verdicts = new HashMap<>();
        p.addJudge((pid, values) -> {
            if (!pid.equals(SPEED)) {
                return Verdict.NOT_MINE;
            }
            Object v = values.get("max_linear");
            if (!v.equals(judged.get(pid))) {
                return Verdict.PENDING;
            }
            return verdicts.get(pid) ? Verdict.ACCEPTED : Verdict.REFUSED;
        });
        List<String> contents = new ArrayList<>();
        set(SPEED, Map.of("max_linear", 0.06), p);
        for (int i = 0; i < 4; i++) {
            advance(ConfigFilePersistence.RETRY_MS);
            contents.add(Files.readString(file));
        }
        assertEquals("max_linear=0.5\n", contents.get(contents.size() - 1), "not judged yet: not written");
        judged.put(SPEED, 0.06);
        verdicts.put(SPEED, true);
        advance(ConfigFilePersistence.RETRY_MS);
        assertEquals("max_linear = D\"0.06\"\n", Files.readString(file), "written once accepted");

        set(SPEED, Map.of("max_linear", Double.POSITIVE_INFINITY), p);
        advance(ConfigFilePersistence.QUIET_MS * 3);
        contents.add(Files.readString(file));
        judged.put(SPEED, Double.POSITIVE_INFINITY);
        verdicts.put(SPEED, false);
        advance(ConfigFilePersistence.QUIET_MS * 3);
        contents.add(Files.readString(file));
        // the owner sets Config Admin back to the value in force: another change, judged (accepted) in turn
        set(SPEED, Map.of("max_linear", 0.06), p);
        judged.put(SPEED, 0.06);
        verdicts.put(SPEED, true);
        advance(ConfigFilePersistence.QUIET_MS * 3);
        contents.add(Files.readString(file));
        assertTrue(contents.stream().noneMatch(c -> c.contains("Infinity")), contents.toString());
        assertEquals("max_linear = D\"0.06\"\n", Files.readString(file));
        assertEquals(List.of(), tasks, "nothing left to do");
    }

    /**
     * FileInstall's rescan of a file just written can arrive after a newer change and set Config Admin back to the
     * written values; the newer change is restored (and then written), never lost.
     */
    @Test
    void aNewerChangeThatFileInstallsRescanOfTheLastWriteUndidIsRestored() throws Exception {
        Path file = speedFile("max_linear=0.5\n");
        ConfigFilePersistence p = persistence(file.getParent());
        set(SPEED, Map.of("max_linear", 0.3), p);
        advance(ConfigFilePersistence.QUIET_MS);
        assertEquals("max_linear = D\"0.3\"\n", Files.readString(file));
        set(SPEED, Map.of("max_linear", 0.2), p); // a newer change, before FileInstall's next scan
        advance(10);
        // FileInstall's scan: the file changed since it last looked, Config Admin differs: it applies the file
        set(SPEED, Map.of("max_linear", 0.3, ConfigFilePersistence.FILENAME, ConfigFilePersistence.key(file)), p);
        advance(ConfigFilePersistence.QUIET_MS * 2);
        assertEquals(0.2, store.get(SPEED).get("max_linear"), "the newer change restored in Config Admin");
        p.configurationEvent(event(ConfigurationEvent.CM_UPDATED, SPEED)); // the restore's own event
        advance(ConfigFilePersistence.QUIET_MS * 2);
        assertEquals("max_linear = D\"0.2\"\n", Files.readString(file), "and written");
    }

    @Test
    void aRefusedChangeThatFileInstallsRescanUndidStaysUndone() throws Exception {
        Path file = speedFile("max_linear=0.5\n");
        ConfigFilePersistence p = persistence(file.getParent());
        p.addJudge((pid, values) -> Double.valueOf(Double.POSITIVE_INFINITY).equals(values.get("max_linear"))
                ? Verdict.REFUSED : Verdict.ACCEPTED);
        set(SPEED, Map.of("max_linear", 0.3), p);
        advance(ConfigFilePersistence.QUIET_MS);
        set(SPEED, Map.of("max_linear", Double.POSITIVE_INFINITY), p);
        advance(10);
        set(SPEED, Map.of("max_linear", 0.3, ConfigFilePersistence.FILENAME, ConfigFilePersistence.key(file)), p);
        advance(ConfigFilePersistence.QUIET_MS * 2);
        assertEquals(0.3, store.get(SPEED).get("max_linear"), "the re-read is as good as the set-back");
        assertEquals("max_linear = D\"0.3\"\n", Files.readString(file));
    }

    @Test
    void valuesNobodyJudgesInTimeAreNotWrittenAndTheRetryingStops() throws Exception {
        Path file = speedFile("max_linear=0.5\n");
        ConfigFilePersistence p = persistence(file.getParent());
        p.addJudge((pid, values) -> Verdict.PENDING);
        set(SPEED, Map.of("max_linear", 0.3), p);
        advance(ConfigFilePersistence.JUDGE_DEADLINE_MS + ConfigFilePersistence.QUIET_MS * 2);
        assertEquals("max_linear=0.5\n", Files.readString(file));
        assertEquals(List.of(), tasks, "gave up after the deadline (one WARN)");
    }

    @Test
    void aChangeThatCameFromTheFileIsNeverWrittenBack() throws Exception {
        Path file = speedFile("# as the operator left it\nmax_linear  =  0.5\n");
        long modified = Files.getLastModifiedTime(file).toMillis();
        ConfigFilePersistence p = persistence(file.getParent());
        // FileInstall's own update: the file's values (strings) and its reference
        set(SPEED, Map.of("max_linear", "0.5", ConfigFilePersistence.FILENAME, ConfigFilePersistence.key(file)), p);
        advance(ConfigFilePersistence.QUIET_MS * 2);
        assertEquals("# as the operator left it\nmax_linear  =  0.5\n", Files.readString(file));
        assertEquals(modified, Files.getLastModifiedTime(file).toMillis());
    }

    @Test
    void aFileEditedSinceItLastMatchedWinsOverAPendingConfigAdminChange() throws Exception {
        Path file = speedFile("max_linear=0.5\n");
        ConfigFilePersistence p = persistence(file.getParent());
        set(SPEED, Map.of("max_linear", "0.5"), p);
        advance(ConfigFilePersistence.QUIET_MS);
        // the operator edits the file; before FileInstall's next scan, a console save of another value arrives
        Files.writeString(file, "max_linear=0.25\n# edited by hand\n");
        set(SPEED, Map.of("max_linear", 0.45), p);
        advance(ConfigFilePersistence.QUIET_MS);
        assertEquals("max_linear=0.25\n# edited by hand\n", Files.readString(file), "the edit is not overwritten");
    }

    @Test
    void aHandEditFileInstallAppliedAndItsOwnerSetBackEndsAtTheValueInForce() throws Exception {
        Path file = speedFile("max_linear=0.5\n");
        ConfigFilePersistence p = persistence(file.getParent());
        String ref = ConfigFilePersistence.key(file);
        set(SPEED, Map.of("max_linear", "0.5", ConfigFilePersistence.FILENAME, ref), p);
        advance(ConfigFilePersistence.QUIET_MS);
        Files.writeString(file, "max_linear=5\n"); // the operator's edit, refused by the owner
        set(SPEED, Map.of("max_linear", "5", ConfigFilePersistence.FILENAME, ref), p); // FileInstall applies it
        set(SPEED, Map.of("max_linear", "0.5", ConfigFilePersistence.FILENAME, ref), p); // the owner's set-back
        advance(ConfigFilePersistence.QUIET_MS * 2);
        assertEquals("max_linear = 0.5\n", Files.readString(file));
    }

    @Test
    void aNamedFactoryConfigurationUsesFileInstallsFileName() throws Exception {
        Path conf = Files.createDirectories(home.resolve("conf"));
        Path file = conf.resolve("mechos.hal.sim.battery-battery.cfg");
        Files.writeString(file, "capacity_wh=100\n");
        String pid = "mechos.hal.sim.battery~battery";
        ConfigFilePersistence p = persistence(conf);
        set(pid, Map.of("service.factoryPid", "mechos.hal.sim.battery", "capacity_wh", "80"), p);
        advance(ConfigFilePersistence.QUIET_MS);
        assertEquals("capacity_wh = 80\n", Files.readString(file));
    }

    @Test
    void aFileSeenEarlierIsRememberedEvenUnderAnotherName() throws Exception {
        Path conf = Files.createDirectories(home.resolve("conf"));
        Path file = conf.resolve("renamed.cfg");
        Files.writeString(file, "x=1\n");
        ConfigFilePersistence p = persistence(conf);
        set("p", Map.of("x", "1", ConfigFilePersistence.FILENAME, ConfigFilePersistence.key(file)), p);
        advance(ConfigFilePersistence.QUIET_MS);
        assertEquals("x=1\n", Files.readString(file), "FileInstall's own configuration: nothing to write");
        set("p", Map.of("x", "2"), p);
        advance(ConfigFilePersistence.QUIET_MS);
        assertEquals("x = 2\n", Files.readString(file));
    }

    @Test
    void aConfigurationWithoutAFileStaysInConfigAdminOnly() throws Exception {
        Path conf = Files.createDirectories(home.resolve("conf"));
        ConfigFilePersistence p = persistence(conf);
        set("mechos.platform.console", Map.of("username", "x"), p);
        advance(ConfigFilePersistence.QUIET_MS);
        assertEquals(ConfigFilePersistence.Outcome.NO_FILE, p.persist("mechos.platform.console"));
        try (var listing = Files.list(conf)) {
            assertEquals(0, listing.count(), "no file created");
        }
        assertEquals(List.of(), updates);
    }

    @Test
    void aFileThatCannotBeRewrittenIsOneWarningNotAnException() throws Exception {
        Path conf = Files.createDirectories(home.resolve("conf"));
        Path file = conf.resolve("q.cfg");
        Files.writeString(file, "x=\\uZZZZ\n");
        ConfigFilePersistence p = persistence(conf);
        set("q", Map.of("x", "2"), p);
        advance(ConfigFilePersistence.QUIET_MS);
        assertEquals("x=\\uZZZZ\n", Files.readString(file), "left alone");
        assertEquals(List.of(), tasks);
    }

    @Test
    void anInfiniteValueWithoutAJudgeIsNotWrittenFileInstallCouldNotReadItBack() throws Exception {
        Path conf = Files.createDirectories(home.resolve("conf"));
        Path file = conf.resolve("mechos.perception.map.cfg");
        Files.writeString(file, "resolution=0.05\n");
        ConfigFilePersistence p = persistence(conf);
        set("mechos.perception.map", Map.of("resolution", Double.POSITIVE_INFINITY), p);
        advance(ConfigFilePersistence.QUIET_MS);
        assertEquals("resolution=0.05\n", Files.readString(file));
    }

    @Test
    void aDeletedConfigurationCancelsItsPendingWrite() throws Exception {
        Path file = speedFile("max_linear=0.5\n");
        ConfigFilePersistence p = persistence(file.getParent());
        set(SPEED, Map.of("max_linear", 0.3), p);
        store.remove(SPEED);
        p.configurationEvent(event(ConfigurationEvent.CM_DELETED, SPEED));
        advance(ConfigFilePersistence.QUIET_MS);
        assertFalse(Files.readString(file).contains("0.3"));
    }

    private static Hashtable<String, Object> props(Map<String, Object> m) {
        return new Hashtable<>(m);
    }

    private static ConfigurationEvent event(int type, String pid) {
        @SuppressWarnings("unchecked")
        ServiceReference<ConfigurationAdmin> ref = (ServiceReference<ConfigurationAdmin>) Proxy.newProxyInstance(
                ConfigFilePersistenceTest.class.getClassLoader(), new Class<?>[] {ServiceReference.class},
                (o, m, a) -> null);
        return new ConfigurationEvent(ref, type, null, pid);
    }

    private ConfigurationAdmin cm() {
        Pattern byPid = Pattern.compile("\\(service\\.pid=(.*)\\)");
        return (ConfigurationAdmin) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ConfigurationAdmin.class}, (o, m, a) -> {
                    if (!m.getName().equals("listConfigurations")) {
                        throw new UnsupportedOperationException(m.getName());
                    }
                    Matcher pid = byPid.matcher((String) a[0]);
                    List<Configuration> out = new ArrayList<>();
                    store.keySet().stream().filter(k -> !pid.matches() || k.equals(pid.group(1)))
                            .forEach(k -> out.add(configuration(k)));
                    return out.isEmpty() ? null : out.toArray(new Configuration[0]);
                });
    }

    private Configuration configuration(String pid) {
        return (Configuration) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Configuration.class},
                (o, m, a) -> switch (m.getName()) {
                    case "getPid" -> pid;
                    case "getProperties" -> new Hashtable<>(store.get(pid));
                    case "updateIfDifferent" -> {
                        @SuppressWarnings("unchecked")
                        Dictionary<String, Object> d = (Dictionary<String, Object>) a[0];
                        Hashtable<String, Object> next = new Hashtable<>();
                        for (var e = d.keys(); e.hasMoreElements();) {
                            String k = e.nextElement();
                            next.put(k, d.get(k));
                        }
                        next.put("service.pid", pid);
                        if (store.containsKey(pid) && store.get(pid).get("service.factoryPid") != null) {
                            next.put("service.factoryPid", store.get(pid).get("service.factoryPid"));
                        }
                        if (next.equals(store.get(pid))) {
                            yield false;
                        }
                        store.put(pid, next);
                        updates.add(pid);
                        yield true;
                    }
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    @Test
    void fileInstallsUnexpandedDirectoryExpressionMeansTheRunDirectorysConf() {
        mechos.platform.api.RunDirectory run = () -> home;
        assertEquals(home.resolve("conf"),
                ConfigFilePersistence.confDir("${mechos.home:-${user.home}/.mechos}/conf", run));
        assertEquals(home.resolve("conf"), ConfigFilePersistence.confDir(null, run));
        assertEquals(home.resolve("elsewhere").toAbsolutePath(),
                ConfigFilePersistence.confDir(home.resolve("elsewhere").toString(), run));
    }

    @Test
    void aFileLearnedFromFileInstallIsWrittenThroughItsOwnDirectoryEvenIfTheConfiguredOneIsWrong() throws Exception {
        Path conf = Files.createDirectories(home.resolve("conf"));
        Path file = conf.resolve("p.cfg");
        Files.writeString(file, "x=1\n");
        ConfigFilePersistence p = persistence(home.resolve("no/such/dir"));
        set("p", Map.of("x", "1", ConfigFilePersistence.FILENAME, ConfigFilePersistence.key(file)), p);
        advance(ConfigFilePersistence.QUIET_MS);
        set("p", Map.of("x", "2"), p);
        advance(ConfigFilePersistence.QUIET_MS);
        assertEquals("x = 2\n", Files.readString(file));
    }
}
