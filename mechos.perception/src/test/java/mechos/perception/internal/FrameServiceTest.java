package mechos.perception.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import mechos.hal.api.Point3;

import org.junit.jupiter.api.Test;

class FrameServiceTest {
    @Test
    void staticTransformsFromConfigurationIncludingSemicolonSeparatedEntries() {
        FrameService f = new FrameService(Configs.of(FrameConfig.class, Map.of("static_transforms",
                new String[] {"map odom 1 0 0 0 0 0; base_link laser 0.1 0 0.2 0 0 3.141592653589793", ""})));
        assertTrue(f.frames().containsAll(java.util.Set.of("map", "odom", "base_link", "laser")));
        Point3 p = f.lookupLatest("base_link", "laser").apply(new Point3(1, 0, 0));
        assertEquals(-0.9, p.x(), 1e-9);
        assertEquals(0.2, p.z(), 1e-9);
    }

    @Test
    void badEntriesFailActivationNamingTheEntry() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new FrameService(
                Configs.of(FrameConfig.class, Map.of("static_transforms", new String[] {"map odom 0 0 zero 0 0 0"}))));
        assertTrue(e.getMessage().contains("zero"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new FrameService(
                Configs.of(FrameConfig.class, Map.of("static_transforms", new String[] {"map odom 0 0"}))));
        assertThrows(IllegalArgumentException.class, () -> new FrameService(
                Configs.of(FrameConfig.class, Map.of("history_seconds", 0.0))));
    }
}
