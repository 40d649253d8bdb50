package mechos.hal.pi4j.internal.platform;

import com.pi4j.context.Context;

/**
 * Builds a Pi4J context from explicitly constructed providers. Pi4J's ServiceLoader discovery does not see
 * plugins inside OSGi (toolchain.md item 8, gotcha 12), so each platform names its providers itself. Contexts are
 * built without Pi4J's JVM shutdown hook: on SIGTERM the kernel's shutdown sequence commands every output to its
 * safe state first, and the context is shut down only when this bundle stops (after that sequence).
 */
interface ContextFactory {
    /** @throws RuntimeException (Pi4J's own) when the platform cannot be initialised on this machine */
    Context create();
}
