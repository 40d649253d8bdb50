package mechos.hal.pi4j.internal.input;

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

/**
 * A debounced e-stop button as a HAL {@link EStopInput}; the kernel subscribes and latches on a press. The contact
 * logic is {@link ContactSwitch}'s.
 */
@Component(service = EStopInput.class, configurationPid = EStopButton.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = Device.KIND + "=ESTOP")
@Designate(ocd = EStopButtonConfig.class, factory = true)
public final class EStopButton extends ContactSwitch<EStopReading> implements EStopInput {
    static final String PID = "mechos.hal.pi4j.estop";

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
