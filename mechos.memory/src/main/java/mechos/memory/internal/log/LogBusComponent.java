package mechos.memory.internal.log;

import java.util.Locale;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;

import mechos.kernel.api.bus.EventBus;

/**
 * Attaches a {@link LogBusAppender} to Logback's root logger while active (when Logback is the SLF4J backend;
 * otherwise one INFO line says the log topic is off). An unknown level or an out-of-range rate is one WARN naming
 * PID, key and value, and the default is used.
 */
@Component(configurationPid = LogBusComponent.PID, service = {}, immediate = true)
@Designate(ocd = LogBusConfig.class)
public final class LogBusComponent {
    public static final String PID = "mechos.memory.log";
    private static final Logger LOG = LoggerFactory.getLogger(LogBusComponent.class);
    private static final Set<String> LEVELS = Set.of("ERROR", "WARN", "INFO", "DEBUG");

    private final ch.qos.logback.classic.Logger root;
    private final LogBusAppender appender;

    @Activate
    public LogBusComponent(LogBusConfig config, @Reference EventBus bus) {
        this(config, bus, LoggerFactory.getILoggerFactory());
    }

    LogBusComponent(LogBusConfig config, EventBus bus, ILoggerFactory factory) {
        if (!config.enabled()) {
            root = null;
            appender = null;
            return;
        }
        if (!(factory instanceof LoggerContext context)) {
            LOG.info("log topic: SLF4J's backend is not Logback ({}); no log lines on the bus",
                    factory.getClass().getName());
            root = null;
            appender = null;
            return;
        }
        String level = config.level() == null ? "" : config.level().trim().toUpperCase(Locale.ROOT);
        if (!LEVELS.contains(level)) {
            LOG.warn("{}: level={} is not one of {}; using WARN", PID, config.level(), LEVELS);
            level = "WARN";
        }
        int rate = config.maxPerSecond();
        if (rate < 1 || rate > 1000) {
            LOG.warn("{}: maxPerSecond={} is outside [1, 1000]; using 20", PID, rate);
            rate = 20;
        }
        appender = new LogBusAppender(bus, Level.toLevel(level), rate, System::nanoTime);
        appender.setContext(context);
        appender.start();
        root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
    }

    @Deactivate
    void deactivate() {
        if (root != null) {
            root.detachAppender(appender);
            appender.stop();
        }
    }
}
