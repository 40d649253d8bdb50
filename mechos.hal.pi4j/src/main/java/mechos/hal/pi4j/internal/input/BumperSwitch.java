package mechos.hal.pi4j.internal.input;

import java.util.List;
import java.util.Map;

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
import mechos.platform.api.ComponentProperties;
import mechos.platform.api.ConfigurationProblem;

/** A debounced bumper switch as a HAL {@link Bumper}; the contact logic is {@link ContactSwitch}'s. */
@Component(service = Bumper.class, configurationPid = BumperSwitch.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = Device.KIND + "=BUMPER")
@Designate(ocd = BumperSwitchConfig.class, factory = true)
public final class BumperSwitch extends ContactSwitch<ContactReading> implements Bumper {
    public static final String PID = "mechos.hal.pi4j.bumper";

    /**
     * @return what the constructor would refuse in these proposed values, naming the keys: it is run unstarted
     *         (the input is claimed only by {@link #start()})
     */
    public static List<ConfigurationProblem> problems(Map<String, Object> values) {
        BumperSwitchConfig c = ComponentProperties.as(BumperSwitchConfig.class, values);
        return ConfigurationProblem.ifRefused(() -> new BumperSwitch(c.mechos_device_id(), c.pin(), c.pressed_when_high(), c.pull(), c.bearing(), c.debounce_ms(),
                c.poll_ms(), c.heartbeat_ms(), null), KEYS.toArray(String[]::new)).stream().toList();
    }

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
