package mechos.platform.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Routes java.util.logging into SLF4J/Logback, so messages from FileInstall (malformed configuration files),
 * SPI Fly and the JDK appear in the MechOS log with everything else.
 */
@Component(immediate = true)
public final class JulBridge {
    @Activate
    public JulBridge() {
        // Load the classes the handler needs before it receives its first record: otherwise the first JUL
        // record can trigger a class load whose weaving (SPI Fly) logs through JUL again, and Felix reports a
        // class-loading cycle to whoever logged.
        Class<?>[] warm = { org.slf4j.spi.LocationAwareLogger.class, org.slf4j.Logger.class };
        // Bind SLF4J to its provider while JUL still prints to stderr: the binding's ServiceLoader call is woven
        // by SPI Fly, which logs through JUL; routed back into a half-initialised SLF4J, that is a cycle.
        org.slf4j.LoggerFactory.getILoggerFactory();
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        java.util.logging.Logger.getLogger(JulBridge.class.getName()).info(
                "java.util.logging routed to SLF4J (" + warm.length + " bridge classes preloaded)");
    }

    @Deactivate
    void deactivate() {
        SLF4JBridgeHandler.uninstall();
    }
}
