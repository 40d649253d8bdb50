package mechos.platform.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ComponentPropertiesTest {
    enum Mode { SLAM, STATIC_MAP }

    @interface Config {
        String mechos_device_id() default "lidar";

        double rangeMin() default 0.05;

        int beams() default 360;

        boolean enabled() default true;

        String[] shapes() default {};

        Mode mode() default Mode.SLAM;

        String my__key() default "";

        String a$_$b() default "";
    }

    @Test
    void keysFollowTheDsMapping() {
        assertEquals("mechos.device.id", ComponentProperties.key("mechos_device_id"));
        assertEquals("my_key", ComponentProperties.key("my__key"));
        assertEquals("a-b", ComponentProperties.key("a$_$b"));
        assertEquals("a$b", ComponentProperties.key("a$$b"));
        assertEquals("ab", ComponentProperties.key("a$b"));
    }

    @Test
    void valuesAreConvertedAsDsDoesAndMissingKeysGiveTheDefaults() {
        Config c = ComponentProperties.as(Config.class, Map.of("mechos.device.id", "front", "rangeMin", " 0.5",
                "beams", 720L, "enabled", "false", "shapes", "1,2,3", "mode", "STATIC_MAP", "my_key", new String[] {"x"},
                "a-b", List.of("y", "z")));
        assertEquals("front", c.mechos_device_id());
        assertEquals(0.5, c.rangeMin());
        assertEquals(720, c.beams());
        assertEquals(false, c.enabled());
        assertArrayEquals(new String[] {"1,2,3"}, c.shapes());
        assertEquals(Mode.STATIC_MAP, c.mode());
        assertEquals("x", c.my__key());
        assertEquals("y", c.a$_$b());
        Config d = ComponentProperties.as(Config.class, Map.of());
        assertEquals(0.05, d.rangeMin());
        assertEquals(0, d.shapes().length);
    }

    @Test
    void aValueThatCannotBeConvertedNamesTheKey() {
        Config c = ComponentProperties.as(Config.class, Map.of("beams", "many"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, c::beams);
        assertTrue(e.getMessage().startsWith("property beams: 'many' is not a int"), e.getMessage());
    }
}
