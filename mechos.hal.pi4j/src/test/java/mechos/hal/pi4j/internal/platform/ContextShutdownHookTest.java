package mechos.hal.pi4j.internal.platform;

import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

import com.pi4j.context.Context;

/**
 * Pi4J's own JVM shutdown hook would shut the context (and so the outputs) down concurrently with the kernel's
 * ordered shutdown; our contexts are built without it, whatever Pi4J's default is.
 */
class ContextShutdownHookTest {
    @Test
    void mockContextHasNoPi4jShutdownHook() {
        Context c = new MockContextFactory().create();
        try {
            assertFalse(c.config().enableShutdownHook());
        } finally {
            c.shutdown();
        }
    }
}
