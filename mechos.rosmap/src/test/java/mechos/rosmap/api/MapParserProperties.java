package mechos.rosmap.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class MapParserProperties {
    @Property
    void pgmRoundTrips(@ForAll @IntRange(min = 1, max = 40) int width, @ForAll @IntRange(min = 1, max = 40) int height,
            @ForAll("seeds") long seed) throws Exception {
        int[] values = new java.util.Random(seed).ints(width * height, 0, 256).toArray();
        PgmImage image = new PgmImage(width, height, 255, values);
        PgmImage back = PgmImage.read("p.pgm", new ByteArrayInputStream(image.toP5()));
        assertEquals(width, back.width());
        assertEquals(height, back.height());
        assertArrayEquals(values, back.values());
    }

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    /** Whatever the bytes, a broken image is a MapFormatException naming the file, never another exception. */
    @Property
    void arbitraryImageBytesFailOnlyWithMapFormatException(@ForAll byte[] bytes) {
        try {
            PgmImage.read("junk.pgm", new ByteArrayInputStream(bytes));
        } catch (MapFormatException e) {
            assertTrue(e.getMessage().contains("junk.pgm"), e.getMessage());
        }
    }

    /** Whatever the YAML text, loading fails only with a MapFormatException naming the file. */
    @Property
    void arbitraryYamlFailsOnlyWithMapFormatException(@ForAll("yaml") String text) {
        try {
            RosMapLoader.load("junk.yaml", new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                    rel -> new ByteArrayInputStream(new PgmImage(2, 2, 255, new int[] {0, 255, 255, 0}).toP5()));
        } catch (MapFormatException e) {
            assertTrue(e.getMessage().contains("junk.yaml"), e.getMessage());
        }
    }

    @Provide
    Arbitrary<String> yaml() {
        Arbitrary<String> key = Arbitraries.of("image", "resolution", "origin", "negate", "occupied_thresh",
                "free_thresh", "mode", "other");
        Arbitrary<String> value = Arbitraries.oneOf(Arbitraries.of("m.pgm", "0.05", "-1", "[0, 0, 0]", "[1, 2]",
                "[a, b, c]", "1", "0", "trinary", "raw", "x", "NaN", "Infinity", "[NaN, 0, 0]"),
                Arbitraries.strings().ofMaxLength(8));
        Arbitrary<String> line = Arbitraries.oneOf(
                net.jqwik.api.Combinators.combine(key, value).as((k, v) -> k + ": " + v),
                Arbitraries.strings().ofMaxLength(12));
        return line.list().ofMaxSize(8).map(lines -> String.join("\n", lines));
    }
}
