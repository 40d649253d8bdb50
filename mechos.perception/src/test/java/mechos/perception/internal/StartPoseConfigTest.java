package mechos.perception.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import mechos.hal.api.Pose2D;

import org.junit.jupiter.api.Test;

class StartPoseConfigTest {
    @Test
    void parsesOrRejectsTheStartPose() {
        assertNull(PoseFusion.parseStartPose(""));
        assertNull(PoseFusion.parseStartPose("  "));
        assertEquals(new Pose2D(-2, -0.5, 0.25), PoseFusion.parseStartPose("-2 -0.5 0.25"));
        assertEquals(new Pose2D(1, 2, 3), PoseFusion.parseStartPose("1, 2, 3"));
        for (String bad : new String[] {"1 2", "a b c", "1 2 NaN", "1 2 3 4"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> PoseFusion.parseStartPose(bad));
            assertTrue(e.getMessage().contains("start.pose='" + bad + "'"), e.getMessage());
        }
    }
}
