package mechos.hal.pi4j.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import mechos.hal.pi4j.internal.input.BumperSwitch;
import mechos.hal.pi4j.internal.input.BumperSwitchConfig;
import mechos.hal.pi4j.internal.input.EStopButton;
import mechos.hal.pi4j.internal.input.EStopButtonConfig;
import mechos.hal.pi4j.internal.motor.PwmDriveBase;
import mechos.hal.pi4j.internal.motor.PwmDriveConfig;
import mechos.hal.pi4j.internal.platform.Pi4jPlatform;
import mechos.hal.pi4j.internal.platform.Pi4jPlatformConfig;
import mechos.hal.pi4j.internal.relay.GpioRelay;
import mechos.hal.pi4j.internal.relay.GpioRelayConfig;
import mechos.platform.api.ComponentProperties;
import mechos.platform.api.ConfigurationProblem;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Issue 15: the Pi4J validator refuses, naming the keys, what would make a Pi4J device's activation throw. */
class Pi4jConfigurationValidatorTest {
    private static final List<String> CONTACT_KEYS = List.of("mechos.device.id", "pin", "debounce.ms", "poll.ms",
            "heartbeat.ms");
    private final Pi4jConfigurationValidator validator = new Pi4jConfigurationValidator();

    /**
     * The configuration type's defaults as Config Admin stores them (an enum by its name), a device id, then the
     * overrides; asked as a factory configuration.
     */
    private List<ConfigurationProblem> problems(String factoryPid, Class<?> type, Object... keyValues) {
        Map<String, Object> values = new HashMap<>();
        for (Method m : type.getDeclaredMethods()) {
            Object v = m.getDefaultValue();
            if (v != null) {
                values.put(ComponentProperties.key(m.getName()), v instanceof Enum<?> e ? e.name() : v);
            }
        }
        values.put("mechos.device.id", "d1");
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put((String) keyValues[i], keyValues[i + 1]);
        }
        return factoryPid.equals(Pi4jPlatform.PID) ? validator.problems(factoryPid, null, values)
                : validator.problems(factoryPid + "~x", factoryPid, values);
    }

    private static List<String> keys(List<ConfigurationProblem> problems) {
        return problems.stream().flatMap(p -> p.keys().stream()).toList();
    }

    @Test
    void theDefaultsOfEveryConfigurationPassAndForeignPidsAreNotChecked() {
        assertEquals(List.of(), problems(GpioRelay.PID, GpioRelayConfig.class));
        assertEquals(List.of(), problems(PwmDriveBase.PID, PwmDriveConfig.class));
        assertEquals(List.of(), problems(BumperSwitch.PID, BumperSwitchConfig.class));
        assertEquals(List.of(), problems(EStopButton.PID, EStopButtonConfig.class));
        assertEquals(List.of(), problems(Pi4jPlatform.PID, Pi4jPlatformConfig.class));
        assertEquals(List.of(), validator.problems("mechos.hal.pi4j.other", null, Map.of("pin", "-1")));
    }

    @Test
    void refusedValuesNameTheirKeys() {
        assertEquals(List.of("mechos.device.id", "pin"), keys(problems(GpioRelay.PID, GpioRelayConfig.class,
                "pin", "-1")));
        assertEquals(List.of("mechos.device.id"), keys(problems(PwmDriveBase.PID, PwmDriveConfig.class,
                "mechos.device.id", " ")));
        List<ConfigurationProblem> duty = problems(PwmDriveBase.PID, PwmDriveConfig.class, "max.duty", 1.5);
        assertTrue(keys(duty).containsAll(List.of("max.duty", "control.period.ms")), duty.toString());
        assertTrue(duty.get(0).reason().contains("max.duty must be in (0, 1]"), duty.toString());
        assertEquals(CONTACT_KEYS, keys(problems(BumperSwitch.PID, BumperSwitchConfig.class, "poll.ms", 0)));
        assertEquals(CONTACT_KEYS, keys(problems(EStopButton.PID, EStopButtonConfig.class, "mechos.device.id", "")));
        assertEquals(List.of("threads"), keys(problems(Pi4jPlatform.PID, Pi4jPlatformConfig.class, "threads", "0")));
    }

    @Test
    void aValueThatIsNotOfItsTypeIsAProblemNotAnException() {
        List<ConfigurationProblem> found = problems(BumperSwitch.PID, BumperSwitchConfig.class, "pull", "SIDEWAYS");
        assertEquals(1, found.size(), found.toString());
        assertTrue(found.get(0).reason().contains("property pull: 'SIDEWAYS'"), found.toString());
    }

    /** Any pin is refused by the validator or accepted by the relay's own constructor (run unstarted). */
    @Property(tries = 200)
    void aRelayPinIsRefusedExactlyWhenTheRelayRefusesIt(@ForAll @IntRange(min = -50, max = 50) int pin) {
        List<ConfigurationProblem> found = problems(GpioRelay.PID, GpioRelayConfig.class, "pin", String.valueOf(pin));
        if (found.isEmpty()) {
            assertDoesNotThrow(() -> new GpioRelay("d1", pin, false, false, null));
        } else {
            assertThrows(IllegalArgumentException.class, () -> new GpioRelay("d1", pin, false, false, null));
        }
        assertEquals(pin >= 0, found.isEmpty());
    }
}
