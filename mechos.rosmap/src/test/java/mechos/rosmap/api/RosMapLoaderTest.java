package mechos.rosmap.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

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
        assertTrue(e.getMessage().contains("line 3") && e.getMessage().contains("YAML"), e.getMessage());
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

    @Test
    void blockStyleOriginListIsAccepted() throws Exception {
        Files.write(dir.resolve("m.pgm"), new PgmImage(2, 1, 255, new int[] {0, 254}).toP5());
        Path yaml = dir.resolve("block.yaml");
        Files.writeString(yaml, "image: m.pgm\nmode: trinary\nresolution: 0.05\norigin:\n  - -2.0\n  - -0.5\n  - 0\n"
                + "negate: 0\noccupied_thresh: 0.65\nfree_thresh: 0.25\n");
        OccupancyGrid g = RosMapLoader.load(yaml).grid();
        assertEquals(-2.0, g.originX(), 1e-12);
        assertEquals(-0.5, g.originY(), 1e-12);
        assertEquals(OccupancyGrid.OCCUPIED, g.valueAt(-1.975, -0.475));
        assertEquals(OccupancyGrid.FREE, g.valueAt(-1.925, -0.475));
    }

    @Test
    void pngImagesAreRead() throws Exception {
        BufferedImage img = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setSample(0, 0, 0, 0);
        img.getRaster().setSample(1, 0, 0, 205);
        img.getRaster().setSample(2, 0, 0, 254);
        ImageIO.write(img, "png", dir.resolve("m.png").toFile());
        Files.writeString(dir.resolve("png.yaml"), "image: m.png\nresolution: 1\norigin: [0, 0, 0]\n");
        OccupancyGrid g = RosMapLoader.load(dir.resolve("png.yaml")).grid();
        assertEquals(OccupancyGrid.OCCUPIED, g.valueAt(0.5, 0.5));
        assertEquals(OccupancyGrid.UNKNOWN, g.valueAt(1.5, 0.5));
        assertEquals(OccupancyGrid.FREE, g.valueAt(2.5, 0.5));
    }

    @Test
    void colourPngWithAlphaIsReadAsGreyAndTransparentIsUnknownInScaleMode() throws Exception {
        BufferedImage img = new BufferedImage(3, 1, BufferedImage.TYPE_INT_ARGB);
        img.setRGB(0, 0, 0xff000000);
        img.setRGB(1, 0, 0x00000000); // fully transparent black
        img.setRGB(2, 0, 0xffffffff);
        ImageIO.write(img, "png", dir.resolve("c.png").toFile());
        Files.writeString(dir.resolve("c.yaml"), "image: c.png\nresolution: 1\norigin: [0, 0, 0]\nmode: scale\n");
        OccupancyGrid g = RosMapLoader.load(dir.resolve("c.yaml")).grid();
        assertEquals(OccupancyGrid.OCCUPIED, g.valueAt(0.5, 0.5));
        assertEquals(OccupancyGrid.UNKNOWN, g.valueAt(1.5, 0.5));
        assertEquals(-1, g.occupancy(1, 0));
        assertEquals(OccupancyGrid.FREE, g.valueAt(2.5, 0.5));
    }

    @Test
    void negateSwapsBlackAndWhite() throws Exception {
        Files.write(dir.resolve("n.pgm"), new PgmImage(2, 1, 255, new int[] {0, 255}).toP5());
        Files.writeString(dir.resolve("n.yaml"), "image: n.pgm\nresolution: 1\norigin: [0, 0, 0]\nnegate: 1\n");
        OccupancyGrid g = RosMapLoader.load(dir.resolve("n.yaml")).grid();
        assertEquals(OccupancyGrid.FREE, g.valueAt(0.5, 0.5));
        assertEquals(OccupancyGrid.OCCUPIED, g.valueAt(1.5, 0.5));
        assertEquals(0, g.occupancy(0, 0));
        assertEquals(100, g.occupancy(1, 0));
    }

    @Test
    void trinaryAndScaleModesAsMapServer() throws Exception {
        // grey 128 of 255: occupancy p = 1 - 128/255 = 0.498, between free 0.25 and occupied 0.65
        Files.write(dir.resolve("s.pgm"), new PgmImage(3, 1, 255, new int[] {0, 128, 255}).toP5());
        String base = "image: s.pgm\nresolution: 1\norigin: [0, 0, 0]\nfree_thresh: 0.25\noccupied_thresh: 0.65\n";
        Files.writeString(dir.resolve("t.yaml"), base + "mode: trinary\n");
        OccupancyGrid t = RosMapLoader.load(dir.resolve("t.yaml")).grid();
        assertEquals(100, t.occupancy(0, 0));
        assertEquals(-1, t.occupancy(1, 0));
        assertEquals(0, t.occupancy(2, 0));
        Files.writeString(dir.resolve("s.yaml"), base + "mode: scale\n");
        OccupancyGrid s = RosMapLoader.load(dir.resolve("s.yaml")).grid();
        assertEquals(100, s.occupancy(0, 0));
        // map_server: rint((p - free) / (occupied - free) * 100) = rint(0.2480 / 0.4 * 100) = 62
        assertEquals(62, s.occupancy(1, 0));
        assertEquals(OccupancyGrid.UNKNOWN, s.cell(1, 0), "a scaled grey is neither free nor a wall");
        assertEquals(0, s.occupancy(2, 0));
        Files.write(dir.resolve("r.pgm"), new PgmImage(3, 1, 255, new int[] {0, 100, 255}).toP5());
        Files.writeString(dir.resolve("r.yaml"), "image: r.pgm\nresolution: 1\norigin: [0, 0, 0]\nmode: raw\n");
        OccupancyGrid r = RosMapLoader.load(dir.resolve("r.yaml")).grid();
        assertEquals(0, r.occupancy(0, 0));
        assertEquals(100, r.occupancy(1, 0));
        assertEquals(-1, r.occupancy(2, 0));
    }

    @Test
    void badFilesGiveOneClearError() throws Exception {
        Files.write(dir.resolve("m.pgm"), new PgmImage(1, 1, 255, new int[] {0}).toP5());
        Path yaml = dir.resolve("bad2.yaml");
        String[][] cases = {
            {"image: m.pgm\nresolution: 1\norigin: [0, 0]\n", "origin"},
            {"image: m.pgm\nresolution: 1\norigin:\n  - 0\n  - zero\n  - 0\n", "origin"},
            {"image: m.pgm\nresolution: fine\norigin: [0, 0, 0]\n", "resolution"},
            {"image: m.pgm\nresolution: 1\norigin: [0, 0, 0]\nmode: fancy\n", "mode"},
            {"image: m.pgm\nresolution: 1\norigin: [0, 0, 0]\nnegate: 2\n", "negate"},
            {"image: m.pgm\nresolution: 1\nresolution: 2\norigin: [0, 0, 0]\n", "resolution"},
            {"- just\n- a list\n", "mapping"},
            {"image: [m.pgm\n", "line"},
            {"image: m.pgm\nresolution: 1\norigin: [0, 0, .nan]\n", "origin"},
            {"image: m.pgm\nresolution: 1\norigin: [0, 0, 0]\nfree_thresh: 0.9\noccupied_thresh: 0.1\n",
                "free_thresh"},
        };
        for (String[] c : cases) {
            Files.writeString(yaml, c[0]);
            MapFormatException e = assertThrows(MapFormatException.class, () -> RosMapLoader.load(yaml), c[0]);
            assertTrue(e.getMessage().contains("bad2.yaml") && e.getMessage().contains(c[1]),
                    c[0] + " -> " + e.getMessage());
        }
        Files.write(dir.resolve("junk.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
        Files.writeString(yaml, "image: junk.png\nresolution: 1\norigin: [0, 0, 0]\n");
        MapFormatException e = assertThrows(MapFormatException.class, () -> RosMapLoader.load(yaml));
        assertTrue(e.getMessage().contains("junk.png"), e.getMessage());
    }
}
