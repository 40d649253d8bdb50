package mechos.memory.internal.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;

import mechos.kernel.api.bus.Envelope;
import mechos.memory.api.DataTopics;
import mechos.memory.api.LogLine;
import mechos.memory.testsupport.FakeEventBus;

/** Log lines reach the bus topic 'log' from Logback: level threshold, caller file/line, rate limit, no loops. */
class LogBusAppenderTest {
    private final FakeEventBus bus = new FakeEventBus();
    private final List<LogLine> lines = new ArrayList<>();
    private final AtomicLong clock = new AtomicLong(1_000L);
    private final LoggerContext context = new LoggerContext();

    LogBusAppenderTest() {
        bus.subscribe(DataTopics.LOG, "test", 1000, e -> lines.add(e.payload()));
    }

    private Logger logger(Level threshold, int rate) {
        LogBusAppender a = new LogBusAppender(bus, threshold, rate, clock::get);
        a.setContext(context);
        a.start();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.DEBUG);
        root.addAppender(a);
        return context.getLogger("mechos.test.Thing");
    }

    @Test
    void warnAndAboveReachTheBusWithLevelLoggerFileAndLine() {
        Logger log = logger(Level.WARN, 20);
        long before = System.currentTimeMillis() * 1_000_000L;
        log.info("not on the bus");
        log.warn("wheel {} slipping", 2);
        int warnLine = new Throwable().getStackTrace()[0].getLineNumber() - 1;
        log.error("driver failed", new IllegalStateException("bus off"));
        assertEquals(2, lines.size(), lines.toString());
        LogLine w = lines.get(0);
        assertEquals("WARN", w.level());
        assertEquals("mechos.test.Thing", w.name());
        assertEquals("wheel 2 slipping", w.message());
        assertEquals("LogBusAppenderTest.java", w.file());
        assertEquals(warnLine, w.line());
        assertEquals(Thread.currentThread().getName(), w.thread());
        assertTrue(w.timestampNanos() >= before - 1_000_000L, "wall clock ns since the epoch");
        assertEquals("ERROR", lines.get(1).level());
        assertEquals("driver failed (java.lang.IllegalStateException: bus off)", lines.get(1).message());
    }

    @Test
    void theRateIsBoundedAndTheOverflowIsAnnouncedOnce() {
        Logger log = logger(Level.WARN, 3);
        for (int i = 0; i < 10; i++) {
            log.warn("burst {}", i);
        }
        assertEquals(3, lines.size());
        clock.addAndGet(1_000_000_000L);
        log.warn("next second");
        assertEquals(5, lines.size());
        assertEquals(LogBusAppender.SELF, lines.get(3).name());
        assertTrue(lines.get(3).message().startsWith("7 log lines were not put on the bus"), lines.get(3).message());
        assertEquals("next second", lines.get(4).message());
    }

    @Test
    void aLineLoggedWhilePublishingIsNotPublishedAgain() {
        Logger log = logger(Level.WARN, 100);
        List<Envelope<?>> seen = new ArrayList<>();
        bus.subscribeAll(t -> true, "echo", 100, e -> {
            seen.add(e);
            log.warn("subscriber complains about {}", e.topic().name()); // as a bus that logs on delivery would
        });
        log.warn("first");
        assertEquals(1, seen.size(), "no feedback loop");
    }

    @Test
    void theComponentAttachesToLogbackAndDetachesOnDeactivate() {
        LogBusComponent c = new LogBusComponent(config(true, "warn", 20), bus, context);
        Logger log = context.getLogger("mechos.test.Other");
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.INFO);
        log.warn("attached");
        c.deactivate();
        log.warn("detached");
        assertEquals(List.of("attached"), lines.stream().map(LogLine::message).toList());

        new LogBusComponent(config(true, "LOUD", 0), bus, context).deactivate(); // WARNs, defaults used
        new LogBusComponent(config(true, "WARN", 20), bus, new org.slf4j.helpers.NOPLoggerFactory()).deactivate();
        assertEquals(1, lines.size(), "nothing attached without Logback");
    }

    static LogBusConfig config(boolean enabled, String level, int rate) {
        return new LogBusConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return LogBusConfig.class;
            }

            @Override
            public boolean enabled() {
                return enabled;
            }

            @Override
            public String level() {
                return level;
            }

            @Override
            public int maxPerSecond() {
                return rate;
            }
        };
    }
}
