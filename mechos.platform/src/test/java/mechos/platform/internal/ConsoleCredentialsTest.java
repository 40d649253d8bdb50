package mechos.platform.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import mechos.platform.api.RunDirectory;

class ConsoleCredentialsTest {
    @TempDir
    Path home;

    /** A Config Admin holding configurations in a map: just enough of the real contract for this component. */
    private final Map<String, Dictionary<String, Object>> store = new HashMap<>();
    private final Map<String, String> env = new HashMap<>();

    private ConfigurationAdmin configAdmin() {
        return (ConfigurationAdmin) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { ConfigurationAdmin.class }, (proxy, method, args) -> {
                    if (!method.getName().equals("getConfiguration")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    String pid = (String) args[0];
                    return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Configuration.class },
                            (p2, m2, a2) -> switch (m2.getName()) {
                                case "getProperties" -> store.get(pid);
                                case "update" -> {
                                    @SuppressWarnings("unchecked")
                                    Dictionary<String, Object> d = (Dictionary<String, Object>) a2[0];
                                    store.put(pid, d);
                                    yield null;
                                }
                                case "getPid" -> pid;
                                default -> throw new UnsupportedOperationException(m2.getName());
                            });
                });
    }

    private static ConsoleCredentialsConfig config(String user) {
        return new ConsoleCredentialsConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return ConsoleCredentialsConfig.class;
            }

            @Override
            public String username() {
                return user;
            }

            @Override
            public String passwordFile() {
                return "console-password";
            }
        };
    }

    private ConsoleCredentials component() {
        RunDirectory dir = () -> home;
        return new ConsoleCredentials(configAdmin(), dir, env::get, config("admin"));
    }

    private String storedHash() {
        return (String) store.get(ConsoleCredentials.CONSOLE_PID).get("password");
    }

    @Test
    void firstStartGeneratesAnOwnerOnlyPasswordAndConfiguresItsHash() throws Exception {
        ConsoleCredentials c = component();
        Path file = home.resolve("console-password");
        assertTrue(Files.exists(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        String password = Files.readString(file).trim();
        assertEquals(20, password.length());
        assertTrue(ConsolePassword.matches(password, storedHash()), "config holds a hash of the file's password");
        assertEquals("admin", store.get(ConsoleCredentials.CONSOLE_PID).get("username"));
        assertTrue(!storedHash().contains(password), "never the plain password");

        // A restart reuses the same password and does not rewrite the configuration.
        String before = storedHash();
        assertEquals(ConsoleCredentials.Outcome.UNCHANGED, c.apply(config("admin")));
        assertEquals(before, storedHash());
    }

    @Test
    void environmentPasswordWinsAndIsNotRewrittenWhenUnchanged() {
        env.put("MECHOS_CONSOLE_PASSWORD", "from-env-123");
        env.put("MECHOS_CONSOLE_USER", "robotops");
        ConsoleCredentials c = component();
        assertTrue(ConsolePassword.matches("from-env-123", storedHash()));
        assertEquals("robotops", store.get(ConsoleCredentials.CONSOLE_PID).get("username"));
        assertTrue(!Files.exists(home.resolve("console-password")), "no generated password when one is given");
        assertEquals(ConsoleCredentials.Outcome.UNCHANGED, c.apply(config("admin")));
    }

    @Test
    void operatorConfiguredCredentialsAreLeftAlone() {
        Dictionary<String, Object> operator = new Hashtable<>();
        operator.put("username", "ops");
        operator.put("password", "{sha-256}operator-set");
        store.put(ConsoleCredentials.CONSOLE_PID, operator);
        ConsoleCredentials c = component();
        assertEquals("{sha-256}operator-set", storedHash());
        assertEquals(ConsoleCredentials.Outcome.FROM_CONFIGURATION, c.apply(config("admin")));
    }

    @Test
    void aPasswordChangedInTheConsoleAfterGenerationIsRespected() {
        ConsoleCredentials c = component();
        store.get(ConsoleCredentials.CONSOLE_PID).put("password", "{sha-256}changed-in-console");
        assertEquals(ConsoleCredentials.Outcome.FROM_CONFIGURATION, c.apply(config("admin")));
        assertEquals("{sha-256}changed-in-console", storedHash());
    }

    @Test
    void environmentVariableNamesMapToProperties() {
        assertEquals("mechos.console.password", ConsoleCredentials.propertyName("MECHOS_CONSOLE_PASSWORD"));
    }
}
