package mechos.webconsole.internal;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import javax.imageio.ImageIO;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.rosmap.api.MapFormatException;
import mechos.rosmap.api.OccupancyGrid;
import mechos.rosmap.api.RosMapLoader;

/**
 * The static map under the page's octree cells: perception's localisation map ({@code map} of
 * {@code mechos.perception.localisation}) when one is configured, else the simulated world's map ({@code map} of a
 * {@code mechos.hal.sim.world} configuration; {@code builtin:<name>} is read from the simulator bundle), as a PNG
 * (occupied black, unknown grey, free transparent) with its origin and resolution. Loaded once per map name; a map
 * that cannot be loaded is reported once (WARN) and shown as missing.
 */
final class StaticMapLayer {
    private static final Logger LOG = LoggerFactory.getLogger(StaticMapLayer.class);
    static final String BUILTIN = "builtin:";

    /** A rendered map: where it comes from, its geometry and the PNG bytes. */
    record Layer(String source, double originX, double originY, double resolution, int width, int height,
            byte[] png) {
        Map<String, Object> describe() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("source", source);
            m.put("originX", originX);
            m.put("originY", originY);
            m.put("resolution", resolution);
            m.put("width", width);
            m.put("height", height);
            m.put("version", Integer.toHexString(source.hashCode()));
            return m;
        }
    }

    private final Function<String, InputStream> builtin;
    private String loadedFrom;
    private Layer layer;
    private String failedFor;

    /** @param builtin opens a resource of the simulator bundle ({@code /worlds/<file>}), or null when absent */
    StaticMapLayer(Function<String, InputStream> builtin) {
        this.builtin = builtin;
    }

    /**
     * @param map  the configured map ({@code builtin:<name>}, or a YAML path), null or blank for none
     * @param base the directory relative paths are resolved against (the run directory)
     * @return the layer, or empty when none is configured or it cannot be loaded
     */
    synchronized Optional<Layer> layer(String map, Path base) {
        if (map == null || map.isBlank()) {
            return Optional.empty();
        }
        if (map.equals(loadedFrom)) {
            return Optional.ofNullable(layer);
        }
        try {
            OccupancyGrid grid = load(map, base);
            layer = render(map, grid);
            failedFor = null;
        } catch (MapFormatException | IOException | RuntimeException e) {
            if (!map.equals(failedFor)) {
                LOG.warn("static map '{}' cannot be shown on the MechOS page: {}", map, e.getMessage());
            }
            failedFor = map;
            layer = null;
        }
        loadedFrom = map;
        return Optional.ofNullable(layer);
    }

    private OccupancyGrid load(String map, Path base) throws MapFormatException, IOException {
        if (map.startsWith(BUILTIN)) {
            String name = map.substring(BUILTIN.length());
            InputStream yaml = builtin.apply(name + ".yaml");
            if (yaml == null) {
                throw new MapFormatException(map, "no built-in world of that name");
            }
            try (yaml) {
                return RosMapLoader.load(map, yaml, builtin::apply).grid();
            }
        }
        if (base == null) {
            throw new MapFormatException(map, "the run directory is not known");
        }
        return RosMapLoader.load(base.resolve(map)).grid();
    }

    static Layer render(String source, OccupancyGrid g) throws IOException {
        BufferedImage img = new BufferedImage(g.width(), g.height(), BufferedImage.TYPE_INT_ARGB);
        for (int cy = 0; cy < g.height(); cy++) {
            int row = g.height() - 1 - cy; // grid (0, 0) is the lower-left cell; image row 0 is the top
            for (int cx = 0; cx < g.width(); cx++) {
                byte c = g.cell(cx, cy);
                int argb = c == OccupancyGrid.OCCUPIED ? 0xff202020 : c == OccupancyGrid.UNKNOWN ? 0x50808080 : 0;
                img.setRGB(cx, row, argb);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return new Layer(source, g.originX(), g.originY(), g.resolution(), g.width(), g.height(), out.toByteArray());
    }

    /** Opens {@code /worlds/<file>} of a bundle resource URL lookup, or null. */
    static InputStream open(URL url) {
        if (url == null) {
            return null;
        }
        try {
            return url.openStream();
        } catch (IOException e) {
            LOG.warn("cannot read the built-in world resource {}: {}", url, e.getMessage());
            return null;
        }
    }
}
