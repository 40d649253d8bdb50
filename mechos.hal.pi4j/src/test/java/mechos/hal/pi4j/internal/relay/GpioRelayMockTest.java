package mechos.hal.pi4j.internal.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;

import mechos.hal.api.DeviceException;
import mechos.hal.api.HealthState;
import mechos.hal.pi4j.internal.platform.Pi4jPlatform;
import mechos.hal.pi4j.internal.platform.PlatformKind;
import mechos.hal.pi4j.internal.support.Await;

/** Relays through the real Pi4J API on Pi4J's mock platform. */
class GpioRelayMockTest {
    private static final Duration T = Duration.ofSeconds(10);
    private final Pi4jPlatform platform = new Pi4jPlatform(PlatformKind.MOCK, 1);

    @AfterEach
    void tearDown() {
        platform.close();
    }

    private GpioRelay started(GpioRelay r) {
        r.start();
        Await.until("relay ONLINE", T, () -> r.health().state() == HealthState.ONLINE, () -> r.health().toString());
        return r;
    }

    private DigitalOutput pin(GpioRelay r) {
        return platform.context().registry().get(r.ioId(), DigitalOutput.class);
    }

    @Test
    void activeLowRelaySwitchesInvertedLevelsAndReturnsToItsSafeStateWhenStopped() throws DeviceException {
        GpioRelay relay = started(new GpioRelay("light", 17, true, false, platform));
        DigitalOutput out = pin(relay);
        assertEquals(DigitalState.HIGH, out.state(), "active-low off is HIGH from the first moment");
        relay.set(true);
        assertEquals(DigitalState.LOW, out.state());
        assertTrue(relay.state());
        relay.set(false);
        assertEquals(DigitalState.HIGH, out.state());
        relay.set(true);
        relay.close();
        assertEquals(DigitalState.HIGH, out.state(), "stopping the driver applies the safe state");
        assertFalse(relay.state());
        assertEquals(HealthState.OFFLINE, relay.health().state());
        assertFalse(platform.context().registry().exists(relay.ioId()), "the pin is released");
        assertThrows(DeviceException.class, () -> relay.set(true));
    }

    @Test
    void safeStateIsAppliedAtStartAndWhenThePlatformShutsDown() throws DeviceException {
        GpioRelay relay = started(new GpioRelay("pump", 27, false, true, platform));
        DigitalOutput out = pin(relay);
        assertEquals(DigitalState.HIGH, out.state(), "active-high relay with safe state ON starts HIGH");
        relay.set(false);
        assertEquals(DigitalState.LOW, out.state());
        platform.close(); // framework shutdown: the Pi4J context applies every output's shutdown state
        assertEquals(DigitalState.HIGH, out.state());
    }

    @Test
    void commandsBeforeThePlatformIsReadyAreRefused() {
        Pi4jPlatform never = new Pi4jPlatform(PlatformKind.MOCK, 1);
        never.close();
        GpioRelay relay = new GpioRelay("late", 5, true, false, never);
        relay.start();
        assertEquals(HealthState.OFFLINE, relay.health().state());
        assertThrows(DeviceException.class, () -> relay.set(true));
    }
}
