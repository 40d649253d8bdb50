package mechos.hal.pi4j.internal.input;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

import com.pi4j.io.gpio.digital.PullResistance;

import mechos.hal.api.Bumper;
import mechos.hal.api.ContactReading;
import mechos.hal.api.Device;
import mechos.hal.pi4j.internal.platform.Pi4jPlatform;

/** A debounced bumper switch as a HAL {@link Bumper}; the contact logic is {@link ContactSwitch}'s. */
@Component(service = Bumper.class, configurationPid = BumperSwitch.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = Device.KIND + "=BUMPER")
@Designate(ocd = BumperSwitchConfig.class, factory = true)
public final class BumperSwitch extends ContactSwitch<ContactReading> implements Bumper {
    static final String PID = "mechos.hal.pi4j.bumper";

    @Activate
    public BumperSwitch(BumperSwitchConfig c, @Reference Pi4jPlatform platform) {
        this(c.mechos_device_id(), c.pin(), c.pressed_when_high(), c.pull(), c.bearing(), c.debounce_ms(),
                c.poll_ms(), c.heartbeat_ms(), platform);
        start();
    }

    /** For tests: the input is claimed on {@link #start()}. */
    public BumperSwitch(String id, int pin, boolean pressedWhenHigh, PullResistance pull, double bearing,
            int debounceMs, int pollMs, int heartbeatMs, Pi4jPlatform platform) {
        super(PID, "bumper", id, pin, pressedWhenHigh, pull, debounceMs, pollMs, heartbeatMs, platform,
                (nanos, pressed) -> new ContactReading(nanos, pressed, bearing));
    }

    @Override
    @Deactivate
    public void close() {
        super.close();
    }
}
