package mechos.hal.sim.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.hal.api.Device;
import mechos.hal.api.DeviceException;
import mechos.hal.api.DeviceHealth;
import mechos.hal.api.Relay;

/** A simulated relay: starts in, and returns to, its configured safe state. */
@Component(immediate = true, service = Relay.class,
        configurationPid = SimRelay.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = Device.KIND + "=RELAY")
@Designate(ocd = SimRelayConfig.class, factory = true)
public final class SimRelay implements Relay {
    static final String PID = "mechos.hal.sim.relay";
    private static final Logger LOG = LoggerFactory.getLogger(SimRelay.class);

    private final DeviceHandle handle;
    private final boolean safeState;
    private volatile boolean state;

    @Activate
    public SimRelay(SimRelayConfig c, @Reference(name = "robot") SimRobot robot) {
        this.handle = new DeviceHandle(PID, c.mechos_device_id(), robot);
        this.safeState = c.safeState();
        this.state = safeState;
    }

    @Override
    public String id() {
        return handle.id();
    }

    @Override
    public DeviceHealth health() {
        return handle.health();
    }

    @Override
    public void set(boolean on) throws DeviceException {
        if (!handle.online()) {
            throw new DeviceException("simulated relay '" + id() + "' is " + health());
        }
        if (state != on) {
            state = on;
            LOG.info("Simulated relay '{}' switched {}", id(), on ? "on" : "off");
        }
    }

    @Override
    public boolean state() {
        return state;
    }

    @Override
    public boolean safeState() {
        return safeState;
    }

    @Override
    public void toSafeState() {
        state = safeState;
    }

    @Deactivate
    void deactivate() {
        state = safeState;
        handle.close();
    }

    @Override
    public String toString() {
        return "SimRelay[" + id() + "]";
    }
}
