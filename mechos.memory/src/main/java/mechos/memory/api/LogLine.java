package mechos.memory.api;

import java.util.Objects;

/**
 * One log line put on the bus ({@link DataTopics#LOG}), recorded and streamed as {@code foxglove.Log}.
 *
 * @param timestampNanos wall clock (ns since the epoch) of the event
 * @param level          {@code TRACE}, {@code DEBUG}, {@code INFO}, {@code WARN} or {@code ERROR}
 * @param name           the logger's name
 * @param message        the formatted message, with the exception's class and message when there is one
 * @param thread         the thread that logged it
 * @param file           source file of the caller, "" when unknown
 * @param line           line in that file, 0 when unknown
 * @since 1.4
 */
public record LogLine(long timestampNanos, String level, String name, String message, String thread, String file,
        int line) {
    public LogLine {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(thread, "thread");
        Objects.requireNonNull(file, "file");
    }
}
