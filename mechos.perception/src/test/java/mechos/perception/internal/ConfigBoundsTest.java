package mechos.perception.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * Issue 14: every metatype attribute of mechos.perception has bounds ({@code min}/{@code max}; for text, its
 * length), so the platform's metatype check refuses a bad value before it arrives; and each component checks the
 * same bounds itself: a value outside them (or NaN) is replaced by the attribute's default with one WARN naming the
 * PID, key, value and reason, and the component activates. Before, {@code MapConfig} had no bounds at all and a bad
 * value failed activation with SCR's stack trace (e.g. {@code max.range=0}, {@code prob.hit=0.4}).
 *
 * <p>Metatype annotations are not retained at run time, so the bounds are read from the annotation sources.
 */
class ConfigBoundsTest {
    private static final Path SOURCES = Path.of("src/main/java/mechos/perception/internal");
    private static final Pattern ATTRIBUTE = Pattern.compile(
            "@AttributeDefinition\\((.*?)\\)\\s*\\n\\s*([\\w\\[\\]]+) (\\w+)\\(\\) default", Pattern.DOTALL);
    private static final Pattern MIN = Pattern.compile("\\bmin = \"([^\"]*)\"");
    private static final Pattern MAX = Pattern.compile("\\bmax = \"([^\"]*)\"");

    private final FrameService frames = new FrameService(Configs.framesWithFixedMapOdom());

    /** Config type → (PID, a component built from overridden values → its guard). */
    private final Map<Class<?>, Function<Map<String, Object>, ConfigGuard>> components = new LinkedHashMap<>();
    private final Map<Class<?>, String> pids = new HashMap<>();

    ConfigBoundsTest() {
        add(MapConfig.class, OccupancyMapService.PID, m -> {
            OccupancyMapService s = new OccupancyMapService(Configs.of(MapConfig.class, m), frames, System::nanoTime);
            s.deactivate();
            return s.configGuard();
        });
        add(FrameConfig.class, FrameService.PID, m -> new FrameService(Configs.of(FrameConfig.class, m)).configGuard());
        add(PoseFusionConfig.class, PoseFusion.PID,
                m -> new PoseFusion(Configs.of(PoseFusionConfig.class, m), frames, System::nanoTime).configGuard());
        add(CameraConfig.class, CameraPublisher.PID,
                m -> new CameraPublisher(Configs.of(CameraConfig.class, m)).configGuard());
        add(ClearanceConfig.class, ClearanceService.PID, m -> new ClearanceService(
                Configs.of(ClearanceConfig.class, m), null, null, frames, System::nanoTime).configGuard());
        add(WorldModelConfig.class, WorldModelService.PID,
                m -> new WorldModelService(Configs.of(WorldModelConfig.class, m), null, null, frames).configGuard());
        add(DynamicObstaclesConfig.class, DynamicObstaclesService.PID, m -> new DynamicObstaclesService(
                Configs.of(DynamicObstaclesConfig.class, m), System::nanoTime, null).configGuard());
        add(LocalisationConfig.class, LocalisationService.PID, m -> {
            LocalisationService s = new LocalisationService(Configs.of(LocalisationConfig.class, m), frames,
                    Path.of("."));
            s.deactivate();
            return s.configGuard();
        });
    }

    private void add(Class<?> type, String pid, Function<Map<String, Object>, ConfigGuard> build) {
        components.put(type, build);
        pids.put(type, pid);
    }

    record Bounds(String type, double min, double max) {
    }

    /** attribute method → its metatype bounds, from the annotation's source */
    static Map<String, Bounds> metatype(Class<?> type) throws IOException {
        String src = Files.readString(SOURCES.resolve(type.getSimpleName() + ".java"));
        Map<String, Bounds> out = new LinkedHashMap<>();
        Matcher m = ATTRIBUTE.matcher(src);
        while (m.find()) {
            Matcher min = MIN.matcher(m.group(1));
            Matcher max = MAX.matcher(m.group(1));
            assertTrue(min.find() && max.find(), type.getSimpleName() + "." + m.group(3) + " has min and max");
            out.put(m.group(3), new Bounds(m.group(2), Double.parseDouble(min.group(1)),
                    Double.parseDouble(max.group(1))));
        }
        return out;
    }

    @Test
    void everyAttributeOfEveryPerceptionConfigurationHasBoundsAndTheComponentChecksTheSame() throws IOException {
        try (var files = Files.list(SOURCES)) {
            List<String> configs = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith("Config.java")).map(n -> n.replace(".java", "")).sorted().toList();
            assertEquals(configs, components.keySet().stream().map(Class::getSimpleName).sorted().toList(),
                    "every configuration type is covered here");
        }
        for (Class<?> type : components.keySet()) {
            Map<String, Bounds> declared = metatype(type);
            List<String> methods = new ArrayList<>();
            for (Method m : type.getDeclaredMethods()) {
                methods.add(m.getName());
            }
            assertEquals(methods.stream().sorted().toList(), declared.keySet().stream().sorted().toList(),
                    type.getSimpleName() + ": every attribute is annotated with bounds");
            ConfigGuard defaults = components.get(type).apply(Map.of());
            assertEquals(List.of(), defaults.rejections(), type.getSimpleName() + ": the defaults are within bounds");
            for (Map.Entry<String, double[]> checked : defaults.bounds().entrySet()) {
                Bounds b = declared.get(checked.getKey());
                assertArrayEquals(new double[] {b.min(), b.max()}, checked.getValue(),
                        type.getSimpleName() + "." + checked.getKey() + ": the component checks the metatype's bounds");
            }
        }
    }

    @Test
    void aNumberOutsideItsBoundsIsReplacedByItsDefaultWithOneWarnNamingPidKeyValueAndReason() throws IOException {
        int checked = 0;
        for (Class<?> type : components.keySet()) {
            for (Map.Entry<String, Bounds> a : metatype(type).entrySet()) {
                Bounds b = a.getValue();
                List<Object> bad = switch (b.type()) {
                    case "double" -> List.of(b.min() - 1, b.max() + 1, Double.NaN);
                    case "int" -> List.of((int) b.min() - 1, (int) b.max() + 1);
                    default -> List.of();
                };
                for (Object value : bad) {
                    ConfigGuard g = components.get(type).apply(Map.of(a.getKey(), value));
                    String key = ConfigGuard.key(a.getKey());
                    assertEquals(1, g.rejections().size(), type.getSimpleName() + " " + key + "=" + value + ": "
                            + g.rejections());
                    String warn = g.rejections().get(0);
                    assertTrue(warn.startsWith("configuration " + pids.get(type) + " rejected: " + key + "=" + value
                            + ": ") && warn.contains("; using the default "), warn);
                    checked++;
                }
            }
        }
        assertTrue(checked > 100, "values checked: " + checked);
    }

    @Test
    void inconsistentSensorModelValuesFallBackOneKeyAtATime() {
        Function<Map<String, Object>, ConfigGuard> map = components.get(MapConfig.class);
        ConfigGuard g = map.apply(Map.of("min_z", 1.5, "max_z", 1.0));
        assertEquals(1, g.rejections().size(), g.rejections().toString());
        assertTrue(g.rejections().get(0).contains("min.z=1.5: not below max.z 1.0; using the default 0.05"),
                g.rejections().get(0));
        g = map.apply(Map.of("occupancy_threshold", 0.05));
        assertEquals(1, g.rejections().size(), g.rejections().toString());
        assertTrue(g.rejections().get(0).contains("occupancy.threshold=0.05: not between clamp.min"));
        g = components.get(MapConfig.class).apply(Map.of("input", "files"));
        assertTrue(g.rejections().get(0).contains("input=files: not live or replay; using the default live"));
        g = components.get(LocalisationConfig.class).apply(Map.of("slam_extent", 200.0, "resolution", 0.01));
        assertEquals(1, g.rejections().size(), g.rejections().toString());
        assertTrue(g.rejections().get(0).contains("slam.extent=200.0: more than 4000 cells"), g.rejections().get(0));
        g = components.get(LocalisationConfig.class).apply(Map.of("mode", "slam"));
        assertTrue(g.rejections().get(0).contains("mode=slam: not OFF, SLAM or STATIC_MAP; using the default SLAM"));
        g = components.get(PoseFusionConfig.class).apply(Map.of("start_pose", "1 2"));
        assertTrue(g.rejections().get(0).contains("start.pose='1 2': it must be 'x y theta'"), g.rejections().get(0));
    }
}
