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

import mechos.hal.api.Device;
import mechos.hal.api.EStopInput;
import mechos.hal.api.EStopReading;
import mechos.hal.pi4j.internal.platform.Pi4jPlatform;
import mechos.platform.api.ComponentProperties;
import mechos.platform.api.ConfigurationProblem;

/**
 * A debounced e-stop button as a HAL {@link EStopInput}; the kernel subscribes and latches on a press. The contact
 * logic is {@link ContactSwitch}'s.
 */
@Component(service = EStopInput.class, configurationPid = EStopButton.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = Device.KIND + "=ESTOP")
@Designate(ocd = EStopButtonConfig.class, factory = true)
public final class EStopButton extends ContactSwitch<EStopReading> implements EStopInput {
    public static final String PID = "mechos.hal.pi4j.estop";

    /**
     * @return what the constructor would refuse in these proposed values, naming the keys: it is run unstarted
     *         (the input is claimed only by {@link #start()})
     */
    public static List<ConfigurationProblem> problems(Map<String, Object> values) {
        EStopButtonConfig c = ComponentProperties.as(EStopButtonConfig.class, values);
        return ConfigurationProblem.ifRefused(() -> new EStopButton(c.mechos_device_id(), c.pin(), c.pressed_when_high(), c.pull(), c.debounce_ms(), c.poll_ms(),
                c.heartbeat_ms(), null), KEYS.toArray(String[]::new)).stream().toList();
    }

    @Activate
    public EStopButton(EStopButtonConfig c, @Reference Pi4jPlatform platform) {
        this(c.mechos_device_id(), c.pin(), c.pressed_when_high(), c.pull(), c.debounce_ms(), c.poll_ms(),
                c.heartbeat_ms(), platform);
        start();
    }

    /** For tests: the input is claimed on {@link #start()}. */
    public EStopButton(String id, int pin, boolean pressedWhenHigh, PullResistance pull, int debounceMs, int pollMs,
            int heartbeatMs, Pi4jPlatform platform) {
        super(PID, "estop", id, pin, pressedWhenHigh, pull, debounceMs, pollMs, heartbeatMs, platform,
                EStopReading::new);
    }

    @Override
    @Deactivate
    public void close() {
        super.close();
    }
}
