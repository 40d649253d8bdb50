package mechos.hal.pi4j.internal.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;

import mechos.hal.api.ContactReading;
import mechos.hal.api.EStopReading;
import mechos.hal.api.HealthState;
import mechos.hal.pi4j.internal.platform.Pi4jPlatform;
import mechos.hal.pi4j.internal.platform.PlatformKind;
import mechos.hal.pi4j.internal.support.Await;

/** E-stop and bumper inputs through the real Pi4J API on the mock platform. */
class EStopButtonMockTest {
    private static final Duration T = Duration.ofSeconds(10);
    private final Pi4jPlatform platform = new Pi4jPlatform(PlatformKind.MOCK, 2);

    @AfterEach
    void tearDown() {
        platform.close();
    }

    private MockDigitalInput input(String ioId) {
        return platform.context().registry().get(ioId, MockDigitalInput.class);
    }

    @Test
    void pressingTheButtonIsReportedDebouncedAndReleasingToo() {
        EStopButton estop = new EStopButton("estop", 4, true, PullResistance.PULL_UP, 20, 2, 500, platform);
        List<EStopReading> readings = new CopyOnWriteArrayList<>();
        estop.subscribe(readings::add);
        estop.start();
        Await.until("ONLINE", T, () -> estop.health().state() == HealthState.ONLINE);
        MockDigitalInput pin = input(estop.ioId());
        pin.mockState(DigitalState.LOW);
        Await.until("released reading", T, () -> estop.latest() != null && !estop.latest().pressed());
        pin.mockState(DigitalState.HIGH); // NC contact opened: pressed
        Await.until("pressed reading", T, () -> estop.latest().pressed());
        assertEquals(true, readings.get(readings.size() - 1).pressed());
        pin.mockState(DigitalState.LOW);
        Await.until("released again", T, () -> !estop.latest().pressed());
        estop.close();
        assertEquals(HealthState.OFFLINE, estop.health().state());
    }

    @Test
    void bumperContactCarriesItsBearing() {
        BumperSwitch bumper = new BumperSwitch("bumper-left", 22, false, PullResistance.PULL_UP, Math.PI / 4, 10, 2,
                500, platform);
        bumper.start();
        Await.until("ONLINE", T, () -> bumper.health().state() == HealthState.ONLINE);
        MockDigitalInput pin = input(bumper.ioId());
        pin.mockState(DigitalState.HIGH);
        Await.until("not pressed", T, () -> bumper.latest() != null && !bumper.latest().pressed());
        pin.mockState(DigitalState.LOW); // NO switch to ground: pressed
        Await.until("pressed", T, () -> bumper.latest().pressed());
        ContactReading r = bumper.latest();
        assertEquals(Math.PI / 4, r.bearing(), 1e-12);
        bumper.close();
        assertFalse(platform.context().registry().exists(bumper.ioId()));
    }
}
