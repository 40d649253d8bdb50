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
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
    }

    @Deactivate
    void deactivate() {
        SLF4JBridgeHandler.uninstall();
    }
}
