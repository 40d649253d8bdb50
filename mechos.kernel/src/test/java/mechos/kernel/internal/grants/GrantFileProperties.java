package mechos.kernel.internal.grants;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** A per-agent limit in a grant file is a finite number above zero, or the whole grant set is rejected. */
class GrantFileProperties {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    private static byte[] fileWith(String field, String json) {
        return ("{\"version\":1,\"grants\":[{\"agent\":\"operator\",\"capabilities\":[\"*\"]},"
                + "{\"agent\":\"brain\",\"capabilities\":[\"drive:*\"],\"" + field + "\":" + json + "}]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Property
    void nonPositiveLimitsRejectTheGrantSet(@ForAll("nonPositive") double value, @ForAll("limitField") String field) {
        GrantException e = assertThrows(GrantException.class,
                () -> GrantFile.parse(fileWith(field, Double.toString(value)), "g.json", NOW));
        assertTrue(e.getMessage().contains(field) && e.getMessage().contains("brain"), e.getMessage());
    }

    @Property
    void nonNumericLimitsRejectTheGrantSet(@ForAll("nonNumeric") String json, @ForAll("limitField") String field) {
        assertThrows(GrantException.class, () -> GrantFile.parse(fileWith(field, json), "g.json", NOW));
    }

    @Property
    void positiveFiniteLimitsAreKeptExactly(@ForAll("positive") double value, @ForAll("limitField") String field)
            throws GrantException {
        var g = GrantFile.parse(fileWith(field, Double.toString(value)), "g.json", NOW).get("brain");
        assertEquals(value, field.equals("maxLinear") ? g.maxLinear() : g.maxAngular());
    }

    @Provide
    Arbitrary<String> limitField() {
        return Arbitraries.of("maxLinear", "maxAngular");
    }

    @Provide
    Arbitrary<Double> nonPositive() {
        return Arbitraries.oneOf(Arbitraries.doubles().lessOrEqual(0), Arbitraries.of(0.0, -0.0, -Double.MAX_VALUE));
    }

    @Provide
    Arbitrary<Double> positive() {
        return Arbitraries.oneOf(Arbitraries.doubles().greaterThan(0).lessOrEqual(1e6),
                Arbitraries.of(Double.MIN_VALUE, Double.MAX_VALUE));
    }

    @Provide
    Arbitrary<String> nonNumeric() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(12).map(s -> "\"" + s.replace("\\", "").replace("\"", "") + "\""),
                Arbitraries.of("null", "true", "false", "[]", "{}", "[0.3]", "{\"v\":0.3}", "\"NaN\"", "\"Infinity\"",
                        "1e400", "-1e400", "NaN"));
    }
}
