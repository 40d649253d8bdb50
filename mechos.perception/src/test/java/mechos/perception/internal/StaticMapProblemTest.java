package mechos.perception.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import mechos.perception.api.LocalisationState.Mode;
import mechos.perception.api.LocalisationState.Quality;

/**
 * A STATIC_MAP localisation whose map is missing, unreadable or malformed stays up (no activation exception, so no
 * SCR stack trace and no vanished service) with its pose LOST and the reason given: the kernel then distrusts the
 * pose (creep), never silently trusting odometry as if localised.
 */
class StaticMapProblemTest {
    @TempDir
    Path dir;
    private final FrameService frames = new FrameService(Configs.framesWithFixedMapOdom());

    private LocalisationService start(Map<String, Object> values) {
        return new LocalisationService(Configs.of(LocalisationConfig.class, values), frames, dir);
    }

    @Test
    void noMapConfigured() {
        LocalisationService s = start(Map.of("mode", "STATIC_MAP", "map", ""));
        try {
            assertEquals(Mode.STATIC_MAP, s.state().mode());
            assertEquals(Quality.LOST, s.state().quality());
            assertTrue(s.distrust().orElseThrow().contains("needs a map"), s.distrust().toString());
        } finally {
            s.deactivate();
        }
    }

    @Test
    void missingAndMalformedMapFiles() throws Exception {
        Files.writeString(dir.resolve("bad.yaml"), "image: nowhere.pgm\nresolution: -1\n");
        for (String map : new String[] {"absent.yaml", "bad.yaml"}) {
            LocalisationService s = start(Map.of("mode", "STATIC_MAP", "map", map));
            try {
                assertEquals(Quality.LOST, s.state().quality(), map);
                String why = s.distrust().orElseThrow();
                assertTrue(why.startsWith("localisation has no static map: map file ") && why.contains(map), why);
                s.setPose(new mechos.hal.api.Pose2D(1, 2, 0)); // ignored with a WARN, not an exception
                assertEquals(Quality.LOST, s.state().quality(), "a pose estimate does not make a missing map trusted");
            } finally {
                s.deactivate();
            }
        }
    }

    @Test
    void offAndSlamAreNotAffected() {
        LocalisationService off = start(Map.of("mode", "OFF", "map", "absent.yaml"));
        try {
            assertNull(off.distrust().orElse(null));
        } finally {
            off.deactivate();
        }
    }
}
