package mechos.platform.internal;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;
import org.osgi.service.log.LoggerFactory;
import org.slf4j.Logger;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxy;
import ch.qos.logback.core.UnsynchronizedAppenderBase;

/**
 * Joins Logback (where MechOS logs, through SLF4J) and the OSGi Log Service (Apache Felix Log, where the Web Console's
 * "Log Service" page reads), each line once in each:
 * <ul>
 * <li>every Logback event (INFO and above, as Logback's levels let through) is also logged to the OSGi log under its
 * logger name, so the console's log page shows recent MechOS lines;</li>
 * <li>every OSGi log entry of another bundle at INFO and above (FileInstall, Config Admin and SCR log there once a
 * Log Service is present) is logged through SLF4J as {@code osgi.<bundle>}, so it still reaches the log file and the
 * terminal; framework events (bundle and service events) are left in the OSGi log only.</li>
 * </ul>
 * No loop and no duplicate: events of {@code osgi.*} loggers are not sent back, and entries this bundle made are not
 * forwarded. Active only while a Log Service (with its reader) is registered; without Logback as the SLF4J backend only
 * the second direction works.
 */
@Component(immediate = true)
public final class OsgiLogBridge {
    /** SLF4J logger names of entries forwarded from the OSGi log. */
    static final String FROM_OSGI = "osgi.";
    private static final Logger LOG = org.slf4j.LoggerFactory.getLogger(OsgiLogBridge.class);

    private final LogReaderService reader;
    private final Bundle self;
    private final LogListener listener = this::forward;
    private final ToOsgiLog appender;
    private final ch.qos.logback.classic.Logger root;

    @Activate
    public OsgiLogBridge(BundleContext context, @Reference LoggerFactory osgiLog, @Reference LogReaderService reader) {
        this.reader = reader;
        this.self = context.getBundle();
        if (org.slf4j.LoggerFactory.getILoggerFactory() instanceof LoggerContext lc) {
            appender = new ToOsgiLog(osgiLog);
            appender.setContext(lc);
            appender.setName("osgi-log");
            appender.start();
            root = lc.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            root.addAppender(appender);
        } else {
            appender = null;
            root = null;
            LOG.info("SLF4J's backend is not Logback: MechOS lines do not reach the OSGi log (Web Console log page)");
        }
        replay(reader);
        reader.addLogListener(listener);
    }

    /** Entries other bundles logged before this bridge started (e.g. SCR and Config Admin at start), oldest first. */
    private void replay(LogReaderService reader) {
        java.util.List<LogEntry> earlier = new java.util.ArrayList<>();
        for (java.util.Enumeration<LogEntry> e = reader.getLog(); e != null && e.hasMoreElements();) {
            earlier.add(e.nextElement());
        }
        java.util.Collections.reverse(earlier);
        earlier.forEach(this::forward);
    }

    @Deactivate
    void deactivate() {
        reader.removeLogListener(listener);
        if (appender != null) {
            root.detachAppender(appender);
            appender.stop();
        }
    }

    /** An OSGi log entry of another bundle → SLF4J (and so Logback's file and terminal). */
    void forward(LogEntry entry) {
        if (entry.getBundle() != null && entry.getBundle().equals(self)) {
            return;
        }
        String name = entry.getLoggerName();
        if (name != null && name.startsWith("Events.")) {
            return;
        }
        Bundle b = entry.getBundle();
        String origin = b == null || b.getSymbolicName() == null ? "framework" : b.getSymbolicName();
        Logger to = org.slf4j.LoggerFactory.getLogger(FROM_OSGI + origin);
        Throwable t = entry.getException();
        switch (entry.getLogLevel()) {
        case AUDIT, ERROR -> to.error(entry.getMessage(), t);
        case WARN -> to.warn(entry.getMessage(), t);
        case INFO -> to.info(entry.getMessage(), t);
        default -> {
            // DEBUG and TRACE stay in the OSGi log
        }
        }
    }

    /**
     * Logback → the OSGi log, under the event's logger name. Not synchronized (Felix Log is thread-safe): logging
     * threads do not queue on this appender.
     */
    static final class ToOsgiLog extends UnsynchronizedAppenderBase<ILoggingEvent> {
        private final LoggerFactory osgiLog;

        ToOsgiLog(LoggerFactory osgiLog) {
            this.osgiLog = osgiLog;
        }

        @Override
        protected void append(ILoggingEvent event) {
            String name = event.getLoggerName();
            if (name == null || name.startsWith(FROM_OSGI)) {
                return;
            }
            org.osgi.service.log.Logger to = osgiLog.getLogger(name);
            String message = name + " - " + event.getFormattedMessage();
            Throwable t = throwable(event.getThrowableProxy());
            // "{}" with the text as its argument: the OSGi logger formats its message, the text may hold braces
            switch (event.getLevel().toInt()) {
            case ch.qos.logback.classic.Level.ERROR_INT -> log(to::error, message, t);
            case ch.qos.logback.classic.Level.WARN_INT -> log(to::warn, message, t);
            case ch.qos.logback.classic.Level.INFO_INT -> log(to::info, message, t);
            default -> log(to::debug, message, t);
            }
        }

        private static void log(java.util.function.BiConsumer<String, Object[]> level, String message, Throwable t) {
            level.accept("{}", t == null ? new Object[] {message} : new Object[] {message, t});
        }

        private static Throwable throwable(IThrowableProxy proxy) {
            return proxy instanceof ThrowableProxy p ? p.getThrowable() : null;
        }
    }
}
