package mechos.webconsole.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import mechos.rosmap.api.OccupancyGrid;

class StaticMapLayerTest {
    @Test
    void occupiedIsBlackUnknownGreyFreeTransparentWithTheLowerLeftCellAtTheBottom() throws Exception {
        // 3 x 2 cells; (0, 0) lower-left occupied, (2, 1) upper-right unknown
        byte[] cells = { OccupancyGrid.OCCUPIED, OccupancyGrid.FREE, OccupancyGrid.FREE, OccupancyGrid.FREE,
                OccupancyGrid.FREE, OccupancyGrid.UNKNOWN };
        StaticMapLayer.Layer l = StaticMapLayer.render("t", new OccupancyGrid(3, 2, 0.5, -1, -2, cells));
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(l.png()));
        assertEquals(3, img.getWidth());
        assertEquals(2, img.getHeight());
        assertEquals(0xff202020, img.getRGB(0, 1), "lower-left cell is the bottom row");
        assertEquals(0, img.getRGB(1, 1) >>> 24, "free is transparent");
        assertEquals(0x50, img.getRGB(2, 0) >>> 24, "unknown is translucent grey");
        assertEquals(-1, l.originX(), 0);
        assertEquals(0.5, l.resolution(), 0);
    }

    @Test
    void aBuiltInWorldIsReadThroughTheResourceFunctionAndABrokenOneIsMissingNotAnError() {
        String yaml = "image: w.pgm\nresolution: 0.1\norigin: [-0.2, -0.1, 0.0]\n";
        byte[] pgm = "P2\n4 2\n255\n0 255 255 255\n255 255 255 0\n".getBytes(StandardCharsets.US_ASCII);
        StaticMapLayer layer = new StaticMapLayer(name -> name.equals("w.yaml")
                ? new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))
                : name.equals("w.pgm") ? (InputStream) new ByteArrayInputStream(pgm) : null);
        var l = layer.layer("builtin:w", Path.of("."));
        assertTrue(l.isPresent());
        assertEquals(4, l.get().width());
        assertEquals(-0.2, l.get().originX(), 1e-12);
        assertTrue(layer.layer("builtin:nope", Path.of(".")).isEmpty());
        assertTrue(layer.layer("", Path.of(".")).isEmpty());
    }
}
