package mechos.hal.support.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class HardwareProfileServiceTest {
    private static final Map<String, Object> PROPS = Map.of("service.pid", "mechos.hardware");

    @Test
    void profilesAreSplitTrimmedAndCheckedWithTheSimulatorAsTheSafeFallback() {
        assertEquals(Set.of("sim"), HardwareProfileService.parse(new String[] { "sim" }, PROPS));
        assertEquals(List.of("serial", "pi4j"),
                List.copyOf(HardwareProfileService.parse(new String[] { " serial, PI4J " }, PROPS)));
        assertEquals(List.of("serial", "pi4j"),
                List.copyOf(HardwareProfileService.parse(new String[] { "serial", "pi4j" }, PROPS)));
        assertEquals(Set.of("serial"), HardwareProfileService.parse(new String[] { "serial,robot" }, PROPS),
                "an unknown name is dropped (WARN)");
        assertEquals(Set.of("sim"), HardwareProfileService.parse(new String[] { "real" }, PROPS),
                "nothing usable: the simulator, never a real driver by accident");
        assertEquals(Set.of("sim"), HardwareProfileService.parse(new String[0], PROPS));
    }

    @Test
    void theBundlesOfTheProfilesNotSelectedArePublished() {
        assertEquals(List.of("mechos.hal.pi4j", "mechos.hal.serial"), HardwareProfileService.stoppedBundles(Set.of("sim")));
        assertEquals(List.of("mechos.hal.sim"), HardwareProfileService.stoppedBundles(Set.of("serial", "pi4j")));
    }
}
