package mechos.memory.api;

import java.util.Objects;

/**
 * A task to post.
 *
 * @param title    short human-readable description
 * @param payload  machine-readable detail (JSON), or empty
 * @param priority higher is claimed first
 */
public record NewTask(String title, String payload, int priority) {
    public NewTask {
        Objects.requireNonNull(title, "title");
        payload = payload == null ? "" : payload;
    }
}
