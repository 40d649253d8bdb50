package mechos.hal.sim.internal.world;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses shapes from configuration strings. Each array element may hold several shapes separated by {@code ;}
 * (so a single-valued {@code .cfg} property can carry many). Rectangles are {@code minX,minY,maxX,maxY};
 * circles are {@code x,y,radius}; metres, world frame.
 */
public final class ShapeParser {
    private ShapeParser() {
    }

    /** @throws IllegalArgumentException naming {@code property} and the offending entry */
    public static List<Shape> rectangles(String property, String[] values) {
        List<Shape> out = new ArrayList<>();
        for (String entry : entries(values)) {
            double[] v = numbers(property, entry, 4);
            try {
                out.add(new Rectangle(v[0], v[1], v[2], v[3]));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(property + ": '" + entry + "': " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** @throws IllegalArgumentException naming {@code property} and the offending entry */
    public static List<Shape> circles(String property, String[] values) {
        List<Shape> out = new ArrayList<>();
        for (String entry : entries(values)) {
            double[] v = numbers(property, entry, 3);
            try {
                out.add(new Circle(v[0], v[1], v[2]));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(property + ": '" + entry + "': " + e.getMessage(), e);
            }
        }
        return out;
    }

    private static List<String> entries(String[] values) {
        List<String> out = new ArrayList<>();
        if (values == null) {
            return out;
        }
        for (String v : values) {
            if (v == null) {
                continue;
            }
            for (String part : v.split(";")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
        }
        return out;
    }

    private static double[] numbers(String property, String entry, int count) {
        String[] parts = entry.split(",");
        if (parts.length != count) {
            throw new IllegalArgumentException(
                    property + ": '" + entry + "' needs " + count + " comma-separated numbers, has " + parts.length);
        }
        double[] v = new double[count];
        for (int i = 0; i < count; i++) {
            try {
                v[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(property + ": '" + entry + "': '" + parts[i].trim()
                        + "' is not a number", e);
            }
        }
        return v;
    }
}
