package mechos.webconsole.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.read.CyclicBufferAppender;

/**
 * The page's log view: the newest events of Logback's in-memory ring ({@value #APPENDER}, a
 * {@link CyclicBufferAppender} on the root logger in the shipped {@code logback.xml}), newest first, filtered by
 * a minimum level. Messages are cut at {@value #MAX_MESSAGE} characters. Loggers that must not reach logs (the
 * one-time console password) are not additive, so they never reach the ring either. Without Logback (or without
 * the appender, e.g. a custom {@code logback.configurationFile}) the view says so.
 */
final class LogView {
    static final String APPENDER = "recent";
    static final int MAX_MESSAGE = 2000;
    static final int MAX_EVENTS = 300;

    private final Supplier<Object> loggerFactory;

    /** @param loggerFactory SLF4J's logger factory (Logback's {@link LoggerContext} when Logback is the backend) */
    LogView(Supplier<Object> loggerFactory) {
        this.loggerFactory = loggerFactory;
    }

    /** @param minLevel e.g. {@code WARN}; unknown or null: {@code INFO} */
    Map<String, Object> recent(String minLevel, int max) {
        Map<String, Object> m = new LinkedHashMap<>();
        Level level = Level.toLevel(minLevel == null ? "INFO" : minLevel.toUpperCase(Locale.ROOT), Level.INFO);
        m.put("level", level.toString());
        Object factory;
        try {
            factory = loggerFactory.get();
        } catch (RuntimeException | LinkageError e) {
            return unavailable(m, "logging backend not readable: " + e);
        }
        if (!(factory instanceof LoggerContext lc)) {
            return unavailable(m, "the logging backend is not Logback ("
                    + (factory == null ? "none" : factory.getClass().getName()) + ")");
        }
        Appender<ILoggingEvent> a = lc.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender(APPENDER);
        if (!(a instanceof CyclicBufferAppender<ILoggingEvent> ring)) {
            return unavailable(m, "no '" + APPENDER + "' ring appender on the root logger (custom logback.xml?)");
        }
        List<Map<String, Object>> events = new ArrayList<>();
        int n = ring.getLength();
        for (int i = n - 1; i >= 0 && events.size() < Math.min(max, MAX_EVENTS); i--) {
            ILoggingEvent e = ring.get(i);
            if (e == null || !e.getLevel().isGreaterOrEqual(level)) {
                continue;
            }
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("time", e.getTimeStamp());
            r.put("level", e.getLevel().toString());
            r.put("logger", e.getLoggerName());
            r.put("thread", e.getThreadName());
            String msg = e.getFormattedMessage();
            IThrowableProxy t = e.getThrowableProxy();
            if (t != null) {
                msg = msg + " | " + t.getClassName() + ": " + t.getMessage();
            }
            r.put("message", msg == null ? "" : msg.length() > MAX_MESSAGE ? msg.substring(0, MAX_MESSAGE) + "…" : msg);
            Map<String, String> mdc = e.getMDCPropertyMap();
            if (mdc != null && !mdc.isEmpty()) {
                r.put("mdc", Map.copyOf(mdc));
            }
            events.add(r);
        }
        m.put("available", true);
        m.put("buffered", n);
        m.put("events", events);
        return m;
    }

    private static Map<String, Object> unavailable(Map<String, Object> m, String why) {
        m.put("available", false);
        m.put("reason", why);
        m.put("events", List.of());
        return m;
    }
}
