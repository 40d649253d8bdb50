package mechos.platform.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

class ReadyBannerTest {
    @Test
    void theBannerNamesUrlUserPasswordPlaceRunDirAndHardware() {
        String b = ReadyBanner.render("http://127.0.0.1:8080/system/console/mechos", "admin",
                "in /home/r/.mechos/console-password", Path.of("/home/r/.mechos"),
                List.of("simulated (mechos.hal.sim)"));
        assertTrue(b.contains("Console:   http://127.0.0.1:8080/system/console/mechos"), b);
        assertTrue(b.contains("User:      admin"), b);
        assertTrue(b.contains("Password:  in /home/r/.mechos/console-password"), b);
        assertTrue(b.contains("Run dir:   /home/r/.mechos"), b);
        assertTrue(b.contains("Hardware:  simulated (mechos.hal.sim)"), b);
        assertTrue(ReadyBanner.render("u", "a", "p", Path.of("/"), List.of()).contains("no driver bundle active"));
    }

    @Test
    void theBannerNamesTheHardwareProfile() {
        assertEquals("profile sim (default)", ReadyBanner.profile(null));
        assertEquals("profile serial,pi4j", ReadyBanner.profile("serial,pi4j"));
        assertEquals("profile sim,serial", ReadyBanner.profile(new String[] { "sim", "serial" }));
    }
}
