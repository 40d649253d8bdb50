package mechos.platform.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;

class ConfigFilePersistenceTest {
    private static final String SPEED = "mechos.kernel.rule.speed";

    @TempDir
    Path home;

    /** Config Admin in memory: pid → properties; counts updates. */
    private final Map<String, Hashtable<String, Object>> store = new HashMap<>();
    private final List<String> updates = new ArrayList<>();

    @Test
    void aFormSaveThatDroppedTheFileReferenceIsWrittenToTheFileAndTheReferenceRestored() throws Exception {
        Path conf = Files.createDirectories(home.resolve("conf"));
        Path file = conf.resolve(SPEED + ".cfg");
        Files.writeString(file, "# caps\nmax_linear=0.5\nmax_angular=1.5\n");
        // What the Web Console form stores: typed values, no felix.fileinstall.filename.
        store.put(SPEED, props(Map.of("service.pid", SPEED, "max_linear", 0.4, "max_angular", 1.5)));

        ConfigFilePersistence p = new ConfigFilePersistence(cm(), conf);
        p.configurationEvent(event(ConfigurationEvent.CM_UPDATED, SPEED));

        assertEquals("# caps\nmax_linear=0.4\nmax_angular=1.5\n", Files.readString(file));
        Hashtable<String, Object> now = store.get(SPEED);
        assertEquals(ConfigFilePersistence.key(file), now.get(ConfigFilePersistence.FILENAME));
        assertEquals(0.4, now.get("max_linear"), "Config Admin keeps the typed value the component was given");
        assertEquals(List.of(SPEED), updates);

        // The update this caused comes back as an event: it carries the reference, so nothing more happens (no loop).
        p.configurationEvent(event(ConfigurationEvent.CM_UPDATED, SPEED));
        assertEquals(List.of(SPEED), updates, "no second update");
        assertEquals("# caps\nmax_linear=0.4\nmax_angular=1.5\n", Files.readString(file));
    }

    @Test
    void aNamedFactoryConfigurationUsesFileInstallsFileName() throws Exception {
        Path conf = Files.createDirectories(home.resolve("conf"));
        Path file = conf.resolve("mechos.hal.sim.battery-battery.cfg");
        Files.writeString(file, "capacity_wh=100\n");
        String pid = "mechos.hal.sim.battery~battery";
        store.put(pid, props(Map.of("service.pid", pid, "service.factoryPid", "mechos.hal.sim.battery",
                "capacity_wh", 80)));

        new ConfigFilePersistence(cm(), conf).configurationEvent(event(ConfigurationEvent.CM_UPDATED, pid));

        assertEquals("capacity_wh=80\n", Files.readString(file));
    }

    @Test
    void aFileSeenEarlierIsRememberedEvenUnderAnotherName() throws Exception {
        Path conf = Files.createDirectories(home.resolve("conf"));
        Path file = conf.resolve("renamed.cfg");
        Files.writeString(file, "x=1\n");
        store.put("p", props(Map.of("service.pid", "p", "x", "1", ConfigFilePersistence.FILENAME,
                ConfigFilePersistence.key(file))));
        ConfigFilePersistence persistence = new ConfigFilePersistence(cm(), conf);
        persistence.configurationEvent(event(ConfigurationEvent.CM_UPDATED, "p"));
        assertEquals(List.of(), updates, "FileInstall's own configuration: left to FileInstall");

        store.put("p", props(Map.of("service.pid", "p", "x", "2")));
        persistence.configurationEvent(event(ConfigurationEvent.CM_UPDATED, "p"));
        assertEquals("x=2\n", Files.readString(file));
    }

    @Test
    void aConfigurationWithoutAFileStaysInConfigAdminOnly() throws Exception {
        Path conf = Files.createDirectories(home.resolve("conf"));
        store.put("mechos.platform.console", props(Map.of("service.pid", "mechos.platform.console", "username", "x")));
        ConfigFilePersistence p = new ConfigFilePersistence(cm(), conf);
        assertNull(p.persist("mechos.platform.console"));
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
        store.put("q", props(Map.of("service.pid", "q", "x", "2")));
        new ConfigFilePersistence(cm(), conf).configurationEvent(event(ConfigurationEvent.CM_UPDATED, "q"));
        assertEquals(List.of(), updates);
        assertEquals("x=\\uZZZZ\n", Files.readString(file), "left alone");
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
        store.put("p", props(Map.of("service.pid", "p", "x", "1", ConfigFilePersistence.FILENAME,
                ConfigFilePersistence.key(file))));
        ConfigFilePersistence persistence = new ConfigFilePersistence(cm(), home.resolve("no/such/dir"));
        persistence.configurationEvent(event(ConfigurationEvent.CM_UPDATED, "p"));
        store.put("p", props(Map.of("service.pid", "p", "x", "2")));
        persistence.configurationEvent(event(ConfigurationEvent.CM_UPDATED, "p"));
        assertEquals("x=2\n", Files.readString(file));
    }
}
