package mechos.hal.serial.internal.roboclaw;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import mechos.hal.serial.internal.port.ScrLikeConfig;
import mechos.hal.support.ConfigCheck;

/** Issue 13 defect 6: the RoboClaw's configuration is checked before use, naming key, value and reason. */
class RoboClawConfigCheckTest {
    @Test
    void aNegativeWheelSeparationNamesItsKeyAndValue() {
        Map<String, Object> p = new HashMap<>(Map.of("wheel.separation.m", "-0.3"));
        ConfigCheck.types(p, RoboClawConfig.class);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RoboClawOptions.from(ScrLikeConfig.of(RoboClawConfig.class, p)));
        assertTrue(e.getMessage().contains("wheel.separation.m") && e.getMessage().contains("-0.3"), e.getMessage());
    }

    @Test
    void typesAreCheckedBeforeAnyAccessorThrows() {
        for (Map.Entry<String, String> bad : Map.of("port.baud", "abc", "port.parity", "MAYBE", "swap.motors", "yes",
                "max.linear", "NaN").entrySet()) {
            Map<String, Object> p = new HashMap<>(Map.of(bad.getKey(), bad.getValue()));
            ConfigCheck.Rejected r = assertThrows(ConfigCheck.Rejected.class,
                    () -> ConfigCheck.types(p, RoboClawConfig.class));
            assertTrue(r.getMessage().startsWith(bad.getKey() + "=" + bad.getValue() + ": "), r.getMessage());
        }
    }

    @Test
    void theDefaultsAreAValidConfiguration() {
        RoboClawOptions.from(ConfigCheck.defaults(RoboClawConfig.class));
    }
}
