package mechos.hal.sim.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

import mechos.hal.api.Device;
import mechos.hal.api.DeviceException;
import mechos.hal.api.DeviceHealth;
import mechos.hal.api.Relay;
import mechos.hal.support.RelayState;

/**
 * A simulated relay: starts in, and returns to, its configured safe state. The state logic is the support layer's
 * {@link RelayState} (the same as the GPIO relay's); the simulated output cannot fail.
 */
@Component(immediate = true, service = Relay.class,
        configurationPid = SimRelay.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = Device.KIND + "=RELAY")
@Designate(ocd = SimRelayConfig.class, factory = true)
public final class SimRelay implements Relay {
    static final String PID = "mechos.hal.sim.relay";
    /** The simulated output: nothing physical to drive. */
    private static final RelayState.Output SIMULATED = on -> {
    };

    private final DeviceHandle handle;
    private final RelayState relay;

    @Activate
    public SimRelay(SimRelayConfig c, @Reference(name = "robot") SimRobot robot) {
        this.handle = new DeviceHandle(PID, c.mechos_device_id(), robot);
        this.relay = new RelayState(handle.id(), c.safeState(), handle.tracker());
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
        relay.set(on, SIMULATED);
    }

    @Override
    public boolean state() {
        return relay.state();
    }

    @Override
    public boolean safeState() {
        return relay.safeState();
    }

    @Override
    public void toSafeState() {
        relay.toSafeState(SIMULATED);
    }

    @Deactivate
    void deactivate() {
        relay.toSafeState(SIMULATED);
        handle.close();
    }

    @Override
    public String toString() {
        return "SimRelay[" + id() + "]";
    }
}
