package mechos.memory.internal.log;

import java.time.Instant;
import java.util.function.LongSupplier;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.UnsynchronizedAppenderBase;

import mechos.kernel.api.bus.EventBus;
import mechos.memory.api.DataTopics;
import mechos.memory.api.LogLine;

/**
 * A Logback appender that puts log lines at or above a level on the bus ({@link DataTopics#LOG}), at most
 * {@code maxPerSecond} per second; lines over the limit are counted and announced by one summary line when the next
 * second starts. It runs on the logging thread, so it only builds the line and offers it to the bus (which never
 * blocks); a line logged while publishing (by the bus itself) is not published again. The log already excludes
 * secrets, so nothing is filtered here.
 */
public final class LogBusAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
    /** Logger name of the summary line for lines over the rate limit. */
    static final String SELF = "mechos.memory.log";

    private final EventBus bus;
    private final Level threshold;
    private final int maxPerSecond;
    private final LongSupplier nanos;
    private final ThreadLocal<Boolean> publishing = ThreadLocal.withInitial(() -> Boolean.FALSE);
    private long windowStart;
    private int inWindow;
    private long suppressed;
    private long suppressedTotal;

    /**
     * @param nanos a monotonic clock (ns) pacing the rate limit
     */
    public LogBusAppender(EventBus bus, Level threshold, int maxPerSecond, LongSupplier nanos) {
        this.bus = bus;
        this.threshold = threshold;
        this.maxPerSecond = maxPerSecond;
        this.nanos = nanos;
        this.windowStart = nanos.getAsLong();
        setName("mechos-bus");
    }

    /** @return lines not published because of the rate limit, since the start */
    public synchronized long suppressed() {
        return suppressedTotal;
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (!event.getLevel().isGreaterOrEqual(threshold) || publishing.get()) {
            return;
        }
        long summary;
        synchronized (this) {
            long now = nanos.getAsLong();
            summary = 0;
            if (now - windowStart >= 1_000_000_000L) {
                windowStart = now;
                inWindow = 0;
                summary = suppressed;
                suppressed = 0;
            }
            if (inWindow >= maxPerSecond) {
                suppressed++;
                suppressedTotal++;
                return;
            }
            inWindow++;
        }
        publishing.set(Boolean.TRUE);
        try {
            if (summary > 0) {
                bus.publish(DataTopics.LOG, new LogLine(wallNanos(event), "WARN", SELF, summary
                        + " log lines were not put on the bus (more than " + maxPerSecond + " per second)",
                        event.getThreadName(), "", 0));
            }
            bus.publish(DataTopics.LOG, line(event));
        } catch (RuntimeException e) {
            // the appender must never fail the caller's log statement; Logback's status manager records it
            addError("log line not put on the bus", e);
        } finally {
            publishing.set(Boolean.FALSE);
        }
    }

    static LogLine line(ILoggingEvent event) {
        String message = String.valueOf(event.getFormattedMessage());
        IThrowableProxy t = event.getThrowableProxy();
        if (t != null) {
            message = message + " (" + t.getClassName() + (t.getMessage() == null ? "" : ": " + t.getMessage())
                    + ")";
        }
        String file = "";
        int line = 0;
        StackTraceElement[] caller = event.getCallerData();
        if (caller != null && caller.length > 0) {
            file = caller[0].getFileName() == null ? "" : caller[0].getFileName();
            line = Math.max(0, caller[0].getLineNumber());
        }
        return new LogLine(wallNanos(event), event.getLevel().toString(), String.valueOf(event.getLoggerName()),
                message, String.valueOf(event.getThreadName()), file, line);
    }

    private static long wallNanos(ILoggingEvent event) {
        Instant i = event.getInstant();
        return i == null ? event.getTimeStamp() * 1_000_000L : i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }
}
