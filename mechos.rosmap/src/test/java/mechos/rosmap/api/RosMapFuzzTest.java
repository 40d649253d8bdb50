package mechos.rosmap.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of the ROS map loader (map_server YAML plus a PGM/PNG image, both from outside).
 * Properties: only {@link MapFormatException} with a reason escapes (no IllegalArgumentException from SnakeYAML or
 * ImageIO, no OutOfMemoryError from a declared size); an accepted map has a positive finite resolution, a finite
 * origin, positive dimensions, and every cell's occupancy within -1..100.
 */
class RosMapFuzzTest {
    /** Splits the input into the YAML and the image file (seeds: {@code <yaml>\n--IMAGE--\n<pgm or png>}). */
    private static final byte[] SEPARATOR = "\n--IMAGE--\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    @FuzzTest(maxDuration = "10s")
    void rosMap(byte[] data) {
        int cut = indexOf(data, SEPARATOR);
        byte[] yaml = cut < 0 ? data : java.util.Arrays.copyOf(data, cut);
        byte[] image = cut < 0 ? new byte[0] : java.util.Arrays.copyOfRange(data, cut + SEPARATOR.length, data.length);
        RosMapLoader.Result r;
        try {
            r = RosMapLoader.load("fuzz.yaml", new ByteArrayInputStream(yaml), rel -> new ByteArrayInputStream(image));
        } catch (MapFormatException refused) {
            assertFalse(String.valueOf(refused.getMessage()).isBlank(), "a refusal must say why");
            return;
        }
        OccupancyGrid g = r.grid();
        assertTrue(g.resolution() > 0 && Double.isFinite(g.resolution()), "resolution " + g.resolution());
        assertTrue(Double.isFinite(g.originX()) && Double.isFinite(g.originY()), "origin");
        assertTrue(g.width() > 0 && g.height() > 0, "size " + g.width() + "x" + g.height());
        for (int y = 0; y < g.height(); y += Math.max(1, g.height() / 16)) {
            for (int x = 0; x < g.width(); x += Math.max(1, g.width() / 16)) {
                int o = g.occupancy(x, y);
                assertTrue(o >= -1 && o <= 100, "occupancy " + o);
            }
        }
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= data.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
