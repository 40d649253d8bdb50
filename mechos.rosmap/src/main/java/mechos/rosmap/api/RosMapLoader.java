package mechos.rosmap.api;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Loads a ROS {@code map_server} map: a YAML description ({@code image}, {@code resolution}, {@code origin},
 * {@code occupied_thresh}, {@code free_thresh}, {@code negate}, optional {@code mode}) and the image it names.
 * The YAML is read with SnakeYAML (any valid YAML: flow or block lists, quoting, comments; duplicate keys are
 * an error). The image is a PGM (P5/P2, 8 or 16 bit) or anything {@code javax.imageio} reads (PNG as written by
 * nav2's map saver, BMP, GIF, JPEG); colour pixels are averaged to grey and, in {@code scale} mode, a pixel with
 * alpha below 1 is unknown, as in nav2's {@code map_io}. As in ROS, the origin's yaw is not applied to the
 * grid; it is returned in {@link Result} for the caller to report.
 */
public final class RosMapLoader {
    private static final int MAX_YAML_BYTES = 64 * 1024;
    private static final long MAX_PIXELS = 64L * 1024 * 1024;

    /** Opens a file the YAML refers to (the image), relative to the YAML's location. */
    @FunctionalInterface
    public interface Resolver {
        /** @return the stream, or null if there is no such file */
        InputStream open(String relative) throws IOException;
    }

    /**
     * A loaded map.
     *
     * @param grid       the cells; the map frame is the grid's frame (origin = the YAML's origin x, y)
     * @param ignoredYaw the origin's yaw (radians), not applied to the grid
     * @param mode       {@code trinary}, {@code scale} or {@code raw}
     */
    public record Result(OccupancyGrid grid, double ignoredYaw, String mode) {
    }

    private RosMapLoader() {
    }

    /** Loads a map from the file system; the image path is relative to the YAML's directory. */
    public static Result load(Path yaml) throws MapFormatException {
        String name = yaml.toString();
        if (!Files.isRegularFile(yaml)) {
            throw new MapFormatException(name, "does not exist or is not a file");
        }
        Path dir = yaml.toAbsolutePath().getParent();
        try (InputStream in = Files.newInputStream(yaml)) {
            return load(name, in, rel -> {
                Path image = dir.resolve(rel);
                return Files.isRegularFile(image) ? Files.newInputStream(image) : null;
            });
        } catch (IOException e) {
            throw new MapFormatException(name, "cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * @param name     file name for messages
     * @param yaml     the YAML content
     * @param resolver opens the image named by the YAML
     * @throws MapFormatException naming {@code name} (and the image) and the one problem found
     */
    public static Result load(String name, InputStream yaml, Resolver resolver) throws MapFormatException {
        Map<?, ?> values = parseYaml(name, yaml);
        for (String required : List.of("image", "resolution", "origin")) {
            if (values.get(required) == null) {
                throw new MapFormatException(name, "missing required key '" + required + "'");
            }
        }
        double resolution = number(name, "resolution", values.get("resolution"));
        if (!(resolution > 0) || !Double.isFinite(resolution)) {
            throw new MapFormatException(name, "resolution must be > 0, was " + values.get("resolution"));
        }
        double[] origin = origin(name, values.get("origin"));
        double occupied = values.containsKey("occupied_thresh")
                ? number(name, "occupied_thresh", values.get("occupied_thresh")) : 0.65;
        double free = values.containsKey("free_thresh") ? number(name, "free_thresh", values.get("free_thresh"))
                : 0.196;
        if (!(free >= 0 && free <= occupied && occupied <= 1)) {
            throw new MapFormatException(name, "need 0 <= free_thresh <= occupied_thresh <= 1, was free_thresh="
                    + free + " occupied_thresh=" + occupied);
        }
        boolean negate = negate(name, values.get("negate"));
        Object modeValue = values.get("mode");
        String mode = modeValue == null ? "trinary" : String.valueOf(modeValue);
        if (!mode.equals("trinary") && !mode.equals("scale") && !mode.equals("raw")) {
            throw new MapFormatException(name, "mode must be trinary, scale or raw, was '" + mode + "'");
        }
        if (!(values.get("image") instanceof String image) || image.isBlank()) {
            throw new MapFormatException(name, "image must be a file name, was '" + values.get("image") + "'");
        }
        Pixels pixels = readImage(name, image, resolver);
        int width = pixels.width();
        int height = pixels.height();
        byte[] cells = new byte[width * height];
        byte[] occupancy = new byte[width * height];
        for (int row = 0; row < height; row++) {
            int cy = height - 1 - row; // image row 0 is the top; grid row 0 the bottom
            for (int col = 0; col < width; col++) {
                int i = cy * width + col;
                int occ = occupancy(mode, negate, occupied, free, pixels, col, row);
                occupancy[i] = (byte) occ;
                cells[i] = state(mode, negate, occupied, free, pixels, col, row);
            }
        }
        return new Result(new OccupancyGrid(width, height, resolution, origin[0], origin[1], cells, occupancy),
                origin[2], mode);
    }

    /** The ROS occupancy (0..100, -1 unknown) of a pixel, as nav2's map_io computes it. */
    private static int occupancy(String mode, boolean negate, double occupied, double free, Pixels px, int col,
            int row) {
        if (mode.equals("raw")) {
            int v = px.raw(col, row);
            return v > 100 ? -1 : v;
        }
        double p = negate ? px.shade(col, row) : 1.0 - px.shade(col, row);
        if (mode.equals("scale") && px.alpha(col, row) < 1.0) {
            return -1;
        }
        if (p > occupied) {
            return 100;
        }
        if (p < free) {
            return 0;
        }
        return mode.equals("scale") ? (int) Math.rint((p - free) / (occupied - free) * 100.0) : -1;
    }

    /** The three-state view: above occupied_thresh a wall, below free_thresh free, else unknown. */
    private static byte state(String mode, boolean negate, double occupied, double free, Pixels px, int col,
            int row) {
        double p;
        if (mode.equals("raw")) {
            int v = px.raw(col, row);
            if (v > 100) {
                return OccupancyGrid.UNKNOWN;
            }
            p = v / 100.0;
        } else {
            if (mode.equals("scale") && px.alpha(col, row) < 1.0) {
                return OccupancyGrid.UNKNOWN;
            }
            p = negate ? px.shade(col, row) : 1.0 - px.shade(col, row);
        }
        return p > occupied ? OccupancyGrid.OCCUPIED : p < free ? OccupancyGrid.FREE : OccupancyGrid.UNKNOWN;
    }

    private static Map<?, ?> parseYaml(String name, InputStream in) throws MapFormatException {
        byte[] data;
        try {
            data = in.readNBytes(MAX_YAML_BYTES + 1);
        } catch (IOException e) {
            throw new MapFormatException(name, "cannot read: " + e.getMessage(), e);
        }
        if (data.length > MAX_YAML_BYTES) {
            throw new MapFormatException(name, "larger than " + MAX_YAML_BYTES + " bytes; not a map description");
        }
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(10);
        options.setCodePointLimit(MAX_YAML_BYTES);
        Object doc;
        try {
            doc = new Yaml(new SafeConstructor(options)).load(new ByteArrayInputStream(data));
        } catch (YAMLException e) {
            throw new MapFormatException(name, "not valid YAML: " + e.getMessage().replace('\n', ' '), e);
        } catch (RuntimeException e) {
            // SnakeYAML's own constructors can throw past YAMLException: "resolution: ._" is resolved as a float,
            // and its underscores removed leave "." for Double.valueOf (found by RosMapFuzzTest)
            throw new MapFormatException(name, "not valid YAML: " + e, e);
        }
        if (!(doc instanceof Map<?, ?> map)) {
            throw new MapFormatException(name, "expected a mapping of keys (image, resolution, origin, ...), was "
                    + (doc == null ? "empty" : doc.getClass().getSimpleName()));
        }
        return map;
    }

    private static double number(String name, String key, Object v) throws MapFormatException {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof String s) {
            try {
                return Double.parseDouble(s.strip());
            } catch (NumberFormatException e) {
                throw new MapFormatException(name, key + " is not a number: '" + v + "'", e);
            }
        }
        throw new MapFormatException(name, key + " is not a number: '" + v + "'");
    }

    private static boolean negate(String name, Object v) throws MapFormatException {
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Integer i && (i == 0 || i == 1)) {
            return i == 1;
        }
        throw new MapFormatException(name, "negate must be 0 or 1, was '" + v + "'");
    }

    private static double[] origin(String name, Object v) throws MapFormatException {
        if (!(v instanceof List<?> list)) {
            throw new MapFormatException(name, "origin must be a list [x, y, yaw], was '" + v + "'");
        }
        if (list.size() != 3) {
            throw new MapFormatException(name, "origin must have 3 values [x, y, yaw], has " + list.size());
        }
        double[] out = new double[3];
        for (int i = 0; i < 3; i++) {
            out[i] = number(name, "origin value " + (i + 1), list.get(i));
            if (!Double.isFinite(out[i])) {
                throw new MapFormatException(name, "origin value " + (i + 1) + " is " + out[i] + ", not finite");
            }
        }
        return out;
    }

    private static Pixels readImage(String name, String image, Resolver resolver) throws MapFormatException {
        byte[] data;
        try (InputStream in = resolver.open(image)) {
            if (in == null) {
                throw new MapFormatException(name, "image '" + image + "' not found");
            }
            data = in.readAllBytes();
        } catch (IOException e) {
            throw new MapFormatException(name, "cannot read image '" + image + "': " + e.getMessage(), e);
        }
        try {
            if (data.length >= 2 && data[0] == 'P' && (data[1] == '5' || data[1] == '2')) {
                return Pixels.of(PgmImage.read(image, new ByteArrayInputStream(data)));
            }
            BufferedImage img;
            try {
                img = ImageIO.read(new ByteArrayInputStream(data));
            } catch (IOException | RuntimeException e) {
                throw new MapFormatException(image, "not a readable image: " + e.getMessage(), e);
            }
            if (img == null) {
                String magic = data.length >= 2 ? new String(data, 0, 2, java.nio.charset.StandardCharsets.US_ASCII)
                        : "";
                throw new MapFormatException(image, "unsupported image format (magic '" + magic.strip()
                        + "'); expected PGM (P5/P2) or a format javax.imageio reads, such as PNG");
            }
            if ((long) img.getWidth() * img.getHeight() > MAX_PIXELS) {
                throw new MapFormatException(image, "image " + img.getWidth() + "x" + img.getHeight()
                        + " is too large");
            }
            return Pixels.of(img);
        } catch (MapFormatException e) {
            throw new MapFormatException(name, "image '" + image + "': " + e.getMessage(), e);
        }
    }

    /** Pixel access independent of the image format; row 0 is the top row. */
    private interface Pixels {
        int width();

        int height();

        /** @return brightness 0 (black) .. 1 (white) */
        double shade(int col, int row);

        /** @return opacity 0..1 */
        double alpha(int col, int row);

        /** @return the raw value of the first channel (for {@code raw} mode) */
        int raw(int col, int row);

        static Pixels of(PgmImage pgm) {
            return new Pixels() {
                @Override
                public int width() {
                    return pgm.width();
                }

                @Override
                public int height() {
                    return pgm.height();
                }

                @Override
                public double shade(int col, int row) {
                    return (double) pgm.values()[row * pgm.width() + col] / pgm.maxValue();
                }

                @Override
                public double alpha(int col, int row) {
                    return 1.0;
                }

                @Override
                public int raw(int col, int row) {
                    return pgm.values()[row * pgm.width() + col];
                }
            };
        }

        static Pixels of(BufferedImage img) {
            boolean indexed = img.getColorModel() instanceof IndexColorModel;
            Raster raster = img.getRaster();
            int colours = img.getColorModel().getNumColorComponents();
            boolean hasAlpha = img.getColorModel().hasAlpha();
            return new Pixels() {
                @Override
                public int width() {
                    return img.getWidth();
                }

                @Override
                public int height() {
                    return img.getHeight();
                }

                @Override
                public double shade(int col, int row) {
                    if (indexed) {
                        int argb = img.getRGB(col, row);
                        return (((argb >> 16) & 0xff) + ((argb >> 8) & 0xff) + (argb & 0xff)) / (3.0 * 255);
                    }
                    double sum = 0;
                    for (int b = 0; b < colours; b++) {
                        sum += (double) raster.getSample(col, row, b) / max(b);
                    }
                    return sum / colours;
                }

                @Override
                public double alpha(int col, int row) {
                    if (!hasAlpha) {
                        return 1.0;
                    }
                    if (indexed) {
                        return ((img.getRGB(col, row) >>> 24) & 0xff) / 255.0;
                    }
                    return (double) raster.getSample(col, row, colours) / max(colours);
                }

                @Override
                public int raw(int col, int row) {
                    return indexed ? img.getRGB(col, row) & 0xff : raster.getSample(col, row, 0);
                }

                private double max(int band) {
                    return (1 << raster.getSampleModel().getSampleSize(band)) - 1;
                }
            };
        }
    }
}
