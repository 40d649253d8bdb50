package mechos.hal.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;

import org.junit.jupiter.api.Test;

class ConfigCheckTest {
    @interface Config {
        int port_baud() default 115200;

        double wheel_separation_m() default 0.3;

        boolean invert() default false;
    }

    @Test
    void eachBadValueIsNamedWithKeyValueAndReason() {
        assertEquals("port.baud=abc: not a whole number",
                ConfigCheck.rejection(Map.of("port.baud", "abc"), Config.class, () -> { }));
        assertEquals("wheel.separation.m=NaN: not a finite number",
                ConfigCheck.rejection(Map.of("wheel.separation.m", "NaN"), Config.class, () -> { }));
        assertEquals("invert=maybe: not true or false",
                ConfigCheck.rejection(Map.of("invert", "maybe"), Config.class, () -> { }));
        assertEquals("wheel.separation.m=-0.3: must be > 0", ConfigCheck.rejection(
                Map.of("wheel.separation.m", "-0.3"), Config.class, () -> {
                    throw new IllegalArgumentException("wheel.separation.m=-0.3: must be > 0");
                }));
        assertNull(ConfigCheck.rejection(Map.of("port.baud", "9600"), Config.class, () -> { }));
    }

    @Test
    void describeNamesPidAndFile() {
        assertEquals("PID mechos.hal.serial.roboclaw~wheels (file /x/conf/roboclaw.cfg)", ConfigCheck.describe(
                Map.of("service.pid", "mechos.hal.serial.roboclaw~wheels", "felix.fileinstall.filename",
                        "/x/conf/roboclaw.cfg")));
        assertEquals(115200, ConfigCheck.defaults(Config.class).port_baud());
    }
}
