package mechos.webconsole.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.CyclicBufferAppender;

class LogViewTest {
    @Test
    @SuppressWarnings("unchecked")
    void newestFirstAtOrAboveTheLevelWithLongMessagesCut() {
        LoggerContext lc = new LoggerContext();
        lc.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        CyclicBufferAppender<ILoggingEvent> ring = new CyclicBufferAppender<>();
        ring.setName(LogView.APPENDER);
        ring.setContext(lc);
        ring.start();
        Logger root = lc.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(ring);
        Logger log = lc.getLogger("mechos.kernel.Test");
        log.info("first");
        log.warn("second {}", 2);
        log.error("third", new IllegalStateException("boom"));
        log.warn("x".repeat(3000));

        Map<String, Object> warn = new LogView(() -> lc).recent("warn", 100);
        List<Map<String, Object>> events = (List<Map<String, Object>>) warn.get("events");
        assertEquals(true, warn.get("available"));
        assertEquals(3, events.size(), "INFO filtered out");
        assertEquals(LogView.MAX_MESSAGE + 1, events.get(0).get("message").toString().length(), "cut");
        assertEquals("third | java.lang.IllegalStateException: boom", events.get(1).get("message"));
        assertEquals("second 2", events.get(2).get("message"));
        assertEquals(4, ((List<?>) new LogView(() -> lc).recent("INFO", 100).get("events")).size());
        assertEquals(1, ((List<?>) new LogView(() -> lc).recent("ERROR", 100).get("events")).size());
    }

    @Test
    void withoutLogbackOrTheRingTheViewSaysSo() {
        Map<String, Object> other = new LogView(() -> "something else").recent("INFO", 10);
        assertEquals(false, other.get("available"));
        assertTrue(other.get("reason").toString().contains("not Logback"));
        Map<String, Object> noRing = new LogView(LoggerContext::new).recent("INFO", 10);
        assertEquals(false, noRing.get("available"));
        assertTrue(noRing.get("reason").toString().contains("ring appender"));
    }
}
