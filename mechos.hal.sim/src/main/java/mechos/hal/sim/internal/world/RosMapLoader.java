package mechos.hal.sim.internal.world;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads a ROS {@code map_server} map: a YAML description ({@code image}, {@code resolution}, {@code origin},
 * {@code occupied_thresh}, {@code free_thresh}, {@code negate}, optional {@code mode}) and the PGM image it names.
 * The YAML is the flat key/value subset map_server writes; it is parsed here to keep the bundle free of a YAML
 * library. As in ROS, the origin's yaw is ignored (with a warning left to the caller via {@link Result}).
 */
public final class RosMapLoader {
    private static final Set<String> KNOWN = Set.of("image", "resolution", "origin", "occupied_thresh",
            "free_thresh", "negate", "mode");

    /** Opens a file the YAML refers to (the image), relative to the YAML's location. */
    @FunctionalInterface
    public interface Resolver {
        InputStream open(String relative) throws IOException;
    }

    /** A loaded map and whether its origin had a yaw that was ignored. */
    public record Result(OccupancyGrid grid, double ignoredYaw) {
    }

    private RosMapLoader() {
    }

    /** Loads a map from the file system. */
    public static Result load(Path yaml) throws MapFormatException {
        String name = yaml.toString();
        if (!Files.isRegularFile(yaml)) {
            throw new MapFormatException(name, "does not exist or is not a file");
        }
        Path dir = yaml.toAbsolutePath().getParent();
        try (InputStream in = Files.newInputStream(yaml)) {
            return load(name, in, rel -> Files.newInputStream(dir.resolve(rel)));
        } catch (IOException e) {
            throw new MapFormatException(name, "cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * @param name     file name for messages
     * @param yaml     the YAML content
     * @param resolver opens the image named by the YAML
     */
    public static Result load(String name, InputStream yaml, Resolver resolver) throws MapFormatException {
        Map<String, String> values = parseYaml(name, yaml);
        for (String required : List.of("image", "resolution", "origin")) {
            if (!values.containsKey(required)) {
                throw new MapFormatException(name, "missing required key '" + required + "'");
            }
        }
        double resolution = number(name, values, "resolution", Double.NaN);
        if (!(resolution > 0) || !Double.isFinite(resolution)) {
            throw new MapFormatException(name, "resolution must be > 0, was " + values.get("resolution"));
        }
        double[] origin = origin(name, values.get("origin"));
        double occupied = number(name, values, "occupied_thresh", 0.65);
        double free = number(name, values, "free_thresh", 0.196);
        if (!(free >= 0 && free <= occupied && occupied <= 1)) {
            throw new MapFormatException(name, "need 0 <= free_thresh <= occupied_thresh <= 1, was free_thresh="
                    + free + " occupied_thresh=" + occupied);
        }
        String negateText = values.getOrDefault("negate", "0");
        boolean negate = switch (negateText) {
            case "0", "false" -> false;
            case "1", "true" -> true;
            default -> throw new MapFormatException(name, "negate must be 0 or 1, was '" + negateText + "'");
        };
        String mode = values.getOrDefault("mode", "trinary");
        if (!mode.equals("trinary") && !mode.equals("scale") && !mode.equals("raw")) {
            throw new MapFormatException(name, "mode must be trinary, scale or raw, was '" + mode + "'");
        }
        String image = values.get("image");
        PgmImage pgm;
        try (InputStream in = resolver.open(image)) {
            if (in == null) {
                throw new MapFormatException(name, "image '" + image + "' not found");
            }
            pgm = PgmImage.read(image, in);
        } catch (MapFormatException e) {
            throw new MapFormatException(name, "image '" + image + "': " + e.getMessage(), e);
        } catch (IOException e) {
            throw new MapFormatException(name, "cannot read image '" + image + "': " + e.getMessage(), e);
        }
        byte[] cells = new byte[pgm.width() * pgm.height()];
        for (int row = 0; row < pgm.height(); row++) {
            int cy = pgm.height() - 1 - row;
            for (int col = 0; col < pgm.width(); col++) {
                int v = pgm.values()[row * pgm.width() + col];
                // raw: the pixel is the occupancy in percent (above 100 = unknown); otherwise darker = occupied
                double p = mode.equals("raw") ? (v > 100 ? Double.NaN : v / 100.0)
                        : negate ? (double) v / pgm.maxValue() : (double) (pgm.maxValue() - v) / pgm.maxValue();
                byte cell = Double.isNaN(p) ? OccupancyGrid.UNKNOWN
                        : p > occupied ? OccupancyGrid.OCCUPIED : p < free ? OccupancyGrid.FREE : OccupancyGrid.UNKNOWN;
                cells[cy * pgm.width() + col] = cell;
            }
        }
        return new Result(new OccupancyGrid(pgm.width(), pgm.height(), resolution, origin[0], origin[1], cells),
                origin[2]);
    }

    private static Map<String, String> parseYaml(String name, InputStream in) throws MapFormatException {
        String text;
        try {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MapFormatException(name, "cannot read: " + e.getMessage(), e);
        }
        Map<String, String> values = new HashMap<>();
        String[] lines = text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = stripComment(lines[i]).strip();
            if (line.isEmpty() || line.equals("---")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new MapFormatException(name, "line " + (i + 1) + ": expected 'key: value', was '" + line + "'");
            }
            String key = line.substring(0, colon).strip();
            String value = unquote(line.substring(colon + 1).strip());
            if (value.isEmpty()) {
                throw new MapFormatException(name, "line " + (i + 1) + ": key '" + key + "' has no value");
            }
            if (KNOWN.contains(key) && values.put(key, value) != null) {
                throw new MapFormatException(name, "line " + (i + 1) + ": duplicate key '" + key + "'");
            }
        }
        return values;
    }

    private static String stripComment(String line) {
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch == '"' || ch == '\'') {
                quoted = !quoted;
            } else if (ch == '#' && !quoted && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }

    private static double number(String name, Map<String, String> values, String key, double fallback)
            throws MapFormatException {
        String v = values.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new MapFormatException(name, key + " is not a number: '" + v + "'", e);
        }
    }

    private static double[] origin(String name, String v) throws MapFormatException {
        if (!v.startsWith("[") || !v.endsWith("]")) {
            throw new MapFormatException(name, "origin must be a list [x, y, yaw], was '" + v + "'");
        }
        String[] parts = v.substring(1, v.length() - 1).split(",");
        if (parts.length != 3) {
            throw new MapFormatException(name, "origin must have 3 values [x, y, yaw], has " + parts.length);
        }
        double[] out = new double[3];
        for (int i = 0; i < 3; i++) {
            try {
                out[i] = Double.parseDouble(parts[i].strip());
            } catch (NumberFormatException e) {
                throw new MapFormatException(name, "origin value '" + parts[i].strip() + "' is not a number", e);
            }
            if (!Double.isFinite(out[i])) {
                throw new MapFormatException(name, "origin value " + out[i] + " is not finite");
            }
        }
        return out;
    }
}
