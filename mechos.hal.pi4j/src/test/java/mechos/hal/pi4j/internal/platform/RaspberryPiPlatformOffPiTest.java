package mechos.hal.pi4j.internal.platform;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import mechos.hal.api.DeviceException;
import mechos.hal.api.HealthState;
import mechos.hal.pi4j.internal.relay.GpioRelay;
import mechos.hal.pi4j.internal.support.Await;

/**
 * The real-Pi platform on a machine that is not a Raspberry Pi (the build host): nothing throws into the caller,
 * the device reports why it cannot work, and commands are refused.
 */
class RaspberryPiPlatformOffPiTest {

    @Test
    void devicesReportTheFailureInsteadOfThrowing() {
        Pi4jPlatform platform = new Pi4jPlatform(PlatformKind.RASPBERRY_PI, 1);
        try {
            GpioRelay relay = new GpioRelay("light", 17, true, false, platform);
            relay.start();
            Await.until("platform failed or relay not ONLINE with a reason", Duration.ofSeconds(10),
                    () -> platform.failure() != null || relay.health().state() == HealthState.FAULT,
                    () -> relay.health() + " platform failure " + platform.failure());
            assertTrue(relay.health().state() != HealthState.ONLINE, relay.health().toString());
            assertTrue(!relay.health().reason().isEmpty());
            assertThrows(DeviceException.class, () -> relay.set(true));
            relay.close();
        } finally {
            platform.close();
        }
    }
}
