package mechos.perception.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
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
    void aBadEntryIsIgnoredWithOneWarnNamingItAndTheOthersStay() {
        // used to fail activation (SCR stack trace, no transform tree at all)
        FrameService f = new FrameService(Configs.of(FrameConfig.class, Map.of("static_transforms",
                new String[] {"map odom 0 0 zero 0 0 0; base_link laser 0 0 0.2 0 0 0"})));
        assertEquals(1, f.configGuard().rejections().size(), f.configGuard().rejections().toString());
        String warn = f.configGuard().rejections().get(0);
        assertTrue(warn.contains("mechos.perception.frames") && warn.contains("static.transforms")
                && warn.contains("'map odom 0 0 zero 0 0 0'") && warn.contains("zero"), warn);
        assertTrue(f.hasFrame("laser") && !f.hasFrame("map"), f.frames().toString());
        f = new FrameService(Configs.of(FrameConfig.class, Map.of("static_transforms", new String[] {"map odom 0 0"})));
        assertEquals(1, f.configGuard().rejections().size());
        f = new FrameService(Configs.of(FrameConfig.class, Map.of("static_transforms",
                new String[] {"x".repeat(5000), "base_link laser 0 0 0.2 0 0 0"})));
        assertEquals(1, f.configGuard().rejections().size());
        assertTrue(f.configGuard().rejections().get(0).contains("longer than 4096 characters; entry ignored"));
        assertTrue(f.hasFrame("laser"));
    }

    @Test
    void aHistoryOutsideItsBoundsFallsBackToTheDefaultWithOneWarn() {
        FrameService f = new FrameService(Configs.of(FrameConfig.class, Map.of("history_seconds", 0.0)));
        assertEquals(List.of("configuration mechos.perception.frames rejected: history.seconds=0.0: outside [0.1, "
                + "3600]; using the default 10.0"), f.configGuard().rejections());
    }

    @Test
    void twoParentsForOneFrameFallBackToTheDefaultMounts() {
        FrameService f = new FrameService(Configs.of(FrameConfig.class, Map.of("static_transforms",
                new String[] {"base_link laser 0 0 0.2 0 0 0", "odom laser 0 0 0 0 0 0"})));
        assertEquals(1, f.configGuard().rejections().size(), f.configGuard().rejections().toString());
        assertTrue(f.configGuard().rejections().get(0).contains("two parents"));
        assertTrue(f.hasFrame("imu_link"), "the default mounts: " + f.frames());
    }
}
