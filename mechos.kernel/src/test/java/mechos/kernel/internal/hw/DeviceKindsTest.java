package mechos.kernel.internal.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import mechos.hal.api.DeviceKind;
import mechos.hal.api.DriveBase;
import mechos.hal.api.Odometry;

class DeviceKindsTest {
    @Test
    void theKindFollowsTheRegisteredInterface() {
        assertEquals(DeviceKind.DRIVE_BASE, DeviceKinds.of(new String[] { DriveBase.class.getName() }));
        assertEquals(DeviceKind.ODOMETRY, DeviceKinds.of(new String[] { "x.Other", Odometry.class.getName() }));
        // one registration under two device interfaces: the first kind in DeviceKind order
        assertEquals(DeviceKind.DRIVE_BASE,
                DeviceKinds.of(new String[] { Odometry.class.getName(), DriveBase.class.getName() }));
        assertNull(DeviceKinds.of(new String[] { "x.Other" }));
        assertNull(DeviceKinds.of(null));
    }

    /** A new DeviceKind without a reference in the registry would never be tracked. */
    @Test
    void theRegistryReferencesEveryDeviceInterfaceOnce() throws IOException {
        String src = Files.readString(
                Path.of("src/main/java/mechos/kernel/internal/hw/HardwareRegistry.java"));
        Matcher m = Pattern.compile("@Reference\\(name = \"\\w+\", service = (\\w+)\\.class,[^)]*bind = \"bindDevice\", "
                + "unbind = \"unbindDevice\"\\)").matcher(src);
        Set<String> referenced = new TreeSet<>();
        int n = 0;
        while (m.find()) {
            referenced.add(m.group(1));
            n++;
        }
        Set<String> expected = new TreeSet<>();
        for (DeviceKind k : DeviceKind.values()) {
            expected.add(DeviceKinds.INTERFACES.get(k).getSimpleName());
        }
        assertEquals(expected, referenced);
        assertEquals(DeviceKind.values().length, n);
    }
}
