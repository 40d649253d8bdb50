package mechos.hal.sim.internal.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RosMapLoaderTest {
    @TempDir
    Path dir;

    /** 4x3 image, row 0 on top: top-left pixel black (occupied), one grey (unknown), rest white (free). */
    private Path writeMap(String yamlExtra) throws IOException {
        int[] pixels = {0, 254, 254, 254, 254, 205, 254, 254, 254, 254, 254, 0};
        Files.write(dir.resolve("m.pgm"), new PgmImage(4, 3, 255, pixels).toP5());
        Path yaml = dir.resolve("m.yaml");
        Files.writeString(yaml, "image: m.pgm\nresolution: 0.5\norigin: [-1.0, -0.5, 0.0]  # comment\n"
                + "occupied_thresh: 0.65\nfree_thresh: 0.196\nnegate: 0\n" + yamlExtra);
        return yaml;
    }

    @Test
    void loadsRosMapWithOriginAtLowerLeftAndTopRowFirstImage() throws Exception {
        OccupancyGrid g = RosMapLoader.load(writeMap("")).grid();
        assertEquals(4, g.width());
        assertEquals(3, g.height());
        // top-left pixel = cell (0, 2) spanning x -1..-0.5, y 0.5..1.0
        assertEquals(OccupancyGrid.OCCUPIED, g.valueAt(-0.75, 0.75));
        // bottom-right pixel = cell (3, 0) spanning x 0.5..1.0, y -0.5..0
        assertEquals(OccupancyGrid.OCCUPIED, g.valueAt(0.75, -0.25));
        assertEquals(OccupancyGrid.UNKNOWN, g.valueAt(-0.25, 0.25));
        assertEquals(OccupancyGrid.FREE, g.valueAt(0.25, 0.25));
        assertEquals(OccupancyGrid.FREE, g.valueAt(50, 50), "outside the map is free");
    }

    @Test
    void plainP2ImagesAreRead() throws Exception {
        Files.writeString(dir.resolve("p2.pgm"), "P2\n# plain\n2 1\n255\n0 255\n", StandardCharsets.US_ASCII);
        Files.writeString(dir.resolve("p2.yaml"), "image: p2.pgm\nresolution: 1\norigin: [0, 0, 0]\n");
        OccupancyGrid g = RosMapLoader.load(dir.resolve("p2.yaml")).grid();
        assertEquals(OccupancyGrid.OCCUPIED, g.valueAt(0.5, 0.5));
        assertEquals(OccupancyGrid.FREE, g.valueAt(1.5, 0.5));
    }

    @Test
    void malformedYamlNamesFileAndProblem() throws Exception {
        Path yaml = dir.resolve("bad.yaml");
        Files.writeString(yaml, "image: m.pgm\nresolution: -2\norigin: [0, 0, 0]\n");
        MapFormatException e = assertThrows(MapFormatException.class, () -> RosMapLoader.load(yaml));
        assertTrue(e.getMessage().contains(yaml.toString()) && e.getMessage().contains("resolution"), e.getMessage());

        Files.writeString(yaml, "image: m.pgm\nresolution: 0.05\n");
        e = assertThrows(MapFormatException.class, () -> RosMapLoader.load(yaml));
        assertTrue(e.getMessage().contains("origin"), e.getMessage());

        Files.writeString(yaml, "image: m.pgm\nthis line is nonsense\n");
        e = assertThrows(MapFormatException.class, () -> RosMapLoader.load(yaml));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void brokenImageNamesImageAndProblem() throws Exception {
        Path yaml = writeMap("");
        Files.write(dir.resolve("m.pgm"), "P5\n4 3\n255\n\0\0".getBytes(StandardCharsets.US_ASCII));
        MapFormatException e = assertThrows(MapFormatException.class, () -> RosMapLoader.load(yaml));
        assertTrue(e.getMessage().contains("m.pgm") && e.getMessage().contains("truncated"), e.getMessage());

        Files.delete(dir.resolve("m.pgm"));
        e = assertThrows(MapFormatException.class, () -> RosMapLoader.load(yaml));
        assertTrue(e.getMessage().contains("m.pgm"), e.getMessage());

        Files.writeString(dir.resolve("m.pgm"), "P6\n1 1\n255\nabc");
        e = assertThrows(MapFormatException.class, () -> RosMapLoader.load(yaml));
        assertTrue(e.getMessage().contains("P6"), e.getMessage());
    }

    @Test
    void missingFileIsReported() {
        Path yaml = dir.resolve("nope.yaml");
        MapFormatException e = assertThrows(MapFormatException.class, () -> RosMapLoader.load(yaml));
        assertTrue(e.getMessage().contains("nope.yaml"), e.getMessage());
    }
}
