package mechos.platform.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;
import org.osgi.service.log.LoggerFactory;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/** Logback ↔ OSGi log, each line once in each, with fakes for the OSGi side and the real Logback. */
class OsgiLogBridgeTest {
    /** what reached the OSGi log: level, logger name, arguments */
    private final List<String> osgi = new ArrayList<>();
    private final List<LogListener> listeners = new ArrayList<>();
    private final Bundle platform = bundle("mechos.platform");
    private final ListAppender<ILoggingEvent> fromOsgi = new ListAppender<>();
    private OsgiLogBridge bridge;

    @BeforeEach
    void start() {
        LoggerContext lc = (LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
        fromOsgi.setContext(lc);
        fromOsgi.start();
        lc.getLogger("osgi").addAppender(fromOsgi);
        bridge = new OsgiLogBridge(context(), loggerFactory(), reader());
        assertEquals(List.of("oldest", "newest"), fromOsgi.list.stream().map(ILoggingEvent::getFormattedMessage)
                .toList(), "what other bundles logged before the bridge started, oldest first");
        fromOsgi.list.clear();
    }

    @AfterEach
    void stop() {
        bridge.deactivate();
        ((LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory()).getLogger("osgi").detachAppender(fromOsgi);
    }

    @Test
    void mechosLinesReachTheOsgiLogUnderTheirLoggerNameBracesAndAll() {
        org.slf4j.LoggerFactory.getLogger("mechos.kernel.internal.policy.ConfigAudit")
                .warn("configuration refused: {}", "max_linear={}");
        assertEquals(List.of("warn mechos.kernel.internal.policy.ConfigAudit {} "
                + "[mechos.kernel.internal.policy.ConfigAudit - configuration refused: max_linear={}]"), osgi);
        assertEquals(1, listeners.size());
        assertEquals(List.of(), fromOsgi.list, "nothing came back");
    }

    @Test
    void otherBundlesEntriesReachLogbackOnceOwnEntriesAndFrameworkEventsDoNot() {
        Bundle fileinstall = bundle("org.apache.felix.fileinstall");
        LogListener l = listeners.get(0);
        l.logged(entry(fileinstall, "org.apache.felix.fileinstall", LogLevel.ERROR, "Failed to install artifact"));
        l.logged(entry(platform, "mechos.kernel.X", LogLevel.WARN, "a MechOS line forwarded to the OSGi log"));
        l.logged(entry(fileinstall, "Events.Bundle", LogLevel.INFO, "BundleEvent STARTED"));
        l.logged(entry(fileinstall, "org.apache.felix.fileinstall", LogLevel.DEBUG, "scanning"));
        assertEquals(1, fromOsgi.list.size(), fromOsgi.list.toString());
        ILoggingEvent e = fromOsgi.list.get(0);
        assertEquals("osgi.org.apache.felix.fileinstall", e.getLoggerName());
        assertEquals("Failed to install artifact", e.getFormattedMessage());
        assertTrue(osgi.isEmpty(), "not sent back to the OSGi log: " + osgi);
    }

    private BundleContext context() {
        return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BundleContext.class},
                (o, m, a) -> {
                    if (m.getName().equals("getBundle")) {
                        return platform;
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
    }

    private LoggerFactory loggerFactory() {
        return (LoggerFactory) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {LoggerFactory.class},
                (o, m, a) -> {
                    if (!m.getName().equals("getLogger") || !(a[0] instanceof String name)) {
                        throw new UnsupportedOperationException(m.getName());
                    }
                    return Proxy.newProxyInstance(getClass().getClassLoader(),
                            new Class<?>[] {org.osgi.service.log.Logger.class}, (lo, lm, la) -> {
                                if (lm.getName().equals("getName")) {
                                    return name;
                                }
                                Object[] args = la.length > 1 && la[1] instanceof Object[] arr ? arr
                                        : Arrays.copyOfRange(la, 1, la.length);
                                osgi.add(lm.getName() + " " + name + " " + la[0] + " " + Arrays.toString(args));
                                return null;
                            });
                });
    }

    private LogReaderService reader() {
        return (LogReaderService) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {LogReaderService.class}, (o, m, a) -> switch (m.getName()) {
                    case "addLogListener" -> listeners.add((LogListener) a[0]);
                    case "removeLogListener" -> listeners.remove(a[0]);
                    case "getLog" -> java.util.Collections.enumeration(List.of(
                            entry(bundle("org.apache.felix.scr"), "org.apache.felix.scr", LogLevel.WARN, "newest"),
                            entry(bundle("org.apache.felix.scr"), "org.apache.felix.scr", LogLevel.INFO, "oldest")));
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    private static Bundle bundle(String bsn) {
        return (Bundle) Proxy.newProxyInstance(OsgiLogBridgeTest.class.getClassLoader(), new Class<?>[] {Bundle.class},
                (o, m, a) -> switch (m.getName()) {
                    case "getSymbolicName" -> bsn;
                    case "equals" -> o == a[0];
                    case "hashCode" -> System.identityHashCode(o);
                    case "toString" -> bsn;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    private static LogEntry entry(Bundle b, String logger, LogLevel level, String message) {
        Map<String, Object> values = Map.of("getBundle", b, "getLoggerName", logger, "getLogLevel", level,
                "getMessage", message);
        return (LogEntry) Proxy.newProxyInstance(OsgiLogBridgeTest.class.getClassLoader(),
                new Class<?>[] {LogEntry.class}, (o, m, a) -> values.get(m.getName()));
    }
}
