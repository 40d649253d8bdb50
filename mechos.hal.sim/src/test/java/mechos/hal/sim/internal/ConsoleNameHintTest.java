package mechos.hal.sim.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * Every simulated device is a factory configuration; the Web Console lists those by raw id
 * ({@code mechos.hal.sim.battery~battery}) unless the metatype carries {@code webconsole.configurationFactory.nameHint}
 * (method {@code webconsole_configurationFactory_nameHint}), whose {@code {key}} placeholders must name properties
 * the configuration has.
 */
class ConsoleNameHintTest {
    private static final List<Class<?>> FACTORY_CONFIGS = List.of(SimImuConfig.class, SimCameraConfig.class,
            SimBatteryConfig.class, SimRobotConfig.class, SimWorldConfig.class, SimRelayConfig.class,
            SimOdometryConfig.class, SimLidarConfig.class, SimBumperConfig.class, SimEndEffectorConfig.class,
            SimDriveBaseConfig.class);
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]+)}");

    @Test
    void everyFactoryConfigurationHasAReadableConsoleNameNamingItsId() throws Exception {
        for (Class<?> c : FACTORY_CONFIGS) {
            Method hint = c.getDeclaredMethod("webconsole_configurationFactory_nameHint");
            String value = (String) hint.getDefaultValue();
            assertTrue(value.startsWith("Simulated "), c.getSimpleName() + ": " + value);
            Matcher m = PLACEHOLDER.matcher(value);
            assertTrue(m.find(), c.getSimpleName() + " names its id: " + value);
            String method = m.group(1).replace(".", "_");
            assertEquals(String.class, c.getDeclaredMethod(method).getReturnType(),
                    c.getSimpleName() + ": placeholder {" + m.group(1) + "} is one of its properties");
        }
        assertEquals("Simulated battery {mechos.device.id}",
                SimBatteryConfig.class.getDeclaredMethod("webconsole_configurationFactory_nameHint").getDefaultValue());
    }
}
