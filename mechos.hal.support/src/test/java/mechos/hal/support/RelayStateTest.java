package mechos.hal.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import mechos.hal.api.DeviceException;
import mechos.hal.api.HealthState;

class RelayStateTest {
    private final HealthTracker health = new HealthTracker("pump", "starting", new FakeClock());
    private final RelayState relay = new RelayState("pump", false, health);
    private final List<Boolean> levels = new ArrayList<>();

    @Test
    void commandsAreRefusedUntilOnlineAndAFailedWriteIsAFault() throws DeviceException {
        assertThrows(DeviceException.class, () -> relay.set(true, levels::add), "OFFLINE refuses");
        assertThrows(DeviceException.class, () -> relay.set(true, null), "no output claimed");
        health.online();
        relay.set(true, levels::add);
        assertTrue(relay.state());
        relay.toSafeState(levels::add);
        assertFalse(relay.state());
        assertEquals(List.of(true, false), levels);
        DeviceException e = assertThrows(DeviceException.class, () -> relay.set(true, on -> {
            throw new IllegalStateException("GPIO 17 gone");
        }));
        assertTrue(e.getMessage().contains("pump"), e.getMessage());
        assertEquals(HealthState.FAULT, health.state());
        assertTrue(health.get().reason().contains("GPIO 17 gone"), health.get().reason());
        assertFalse(relay.state(), "a failed write does not change the reported state");
    }

    @Test
    void safeStateIsBestEffort() {
        relay.toSafeState(on -> {
            throw new IllegalStateException("output gone");
        });
        assertEquals(relay.safeState(), relay.state());
    }
}
