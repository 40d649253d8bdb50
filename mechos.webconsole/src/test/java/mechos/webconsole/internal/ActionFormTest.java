package mechos.webconsole.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ActionFormTest {
    private static ActionForm form(Map<String, String[]> p) throws ActionForm.Refused {
        return ActionForm.read(10, null, () -> p);
    }

    private static int status(org.junit.jupiter.api.function.Executable e) {
        return assertThrows(ActionForm.Refused.class, e).status();
    }

    @Test
    void aBodyAboveTheLimitIsRefusedBeforeItIsParsed() {
        ActionForm.Refused r = assertThrows(ActionForm.Refused.class, () -> ActionForm.read(1_000_000, null, () -> {
            throw new AssertionError("parsed a body that is too large");
        }));
        assertEquals(413, r.status());
        assertEquals("request body too large: at most 16384 bytes", r.getMessage());
        assertEquals(411, status(() -> ActionForm.read(-1, "chunked", Map::of)));
    }

    @Test
    void aFormTheServerCannotParseIsA400WithoutTheExceptionText() {
        ActionForm.Refused r = assertThrows(ActionForm.Refused.class, () -> ActionForm.read(20, null, () -> {
            throw new IllegalArgumentException("org.eclipse.jetty.http.BadMessageException: 400: Unable to parse form content");
        }));
        assertEquals(400, r.status());
        assertEquals("malformed form body", r.getMessage());
    }

    @Test
    void numbersAreRequiredFiniteAndShort() throws ActionForm.Refused {
        ActionForm f = form(Map.of("a", new String[] { " 0.25 " }, "b", new String[] { "fast" }, "c",
                new String[] { "NaN" }, "d", new String[] { "1".repeat(41) }, "e", new String[] { "1e999" }));
        assertEquals(0.25, f.number("a"));
        assertEquals(400, status(() -> f.number("b")));
        assertEquals(400, status(() -> f.number("c")));
        assertEquals(400, status(() -> f.number("d")));
        assertEquals(400, status(() -> f.number("e")), "Infinity");
        ActionForm.Refused missing = assertThrows(ActionForm.Refused.class, () -> f.number("x"));
        assertEquals("missing parameter 'x'", missing.getMessage());
    }

    @Test
    void textAndTopicsAreBounded() throws ActionForm.Refused {
        ActionForm f = form(Map.of("answer", new String[] { "x".repeat(2001) }, "ok", new String[] { "yes" },
                "topics", new String[] { "a, b,,c" }, "many", new String[] { "t,".repeat(101) }, "long",
                new String[] { "t".repeat(201) }, "ctl", new String[] { "a\nb" }));
        assertEquals(413, status(() -> f.text("answer")));
        assertEquals("yes", f.text("ok"));
        assertNull(f.text("absent"));
        assertEquals(List.of("a", "b", "c"), f.topics("topics"));
        assertEquals(List.of(), f.topics("absent"), "none: all topics");
        assertEquals(413, status(() -> f.topics("many")));
        assertEquals(413, status(() -> f.topics("long")));
        assertEquals(400, status(() -> f.topics("ctl")));
    }

    @Test
    void wholeNumbersAreOptionalDigitsOnlyAndBounded() throws ActionForm.Refused {
        ActionForm f = form(Map.of("zero", new String[] { "0" }, "max", new String[] { "604800" }, "spaced",
                new String[] { " 42 " }, "blank", new String[] { "" }, "over", new String[] { "604801" }, "neg",
                new String[] { "-1" }, "frac", new String[] { "2.5" }, "huge", new String[] { "9".repeat(30) }, "ctl",
                new String[] { "1\u0007" }));
        assertEquals(0L, f.wholeNumber("zero", 604_800));
        assertEquals(604_800L, f.wholeNumber("max", 604_800));
        assertEquals(42L, f.wholeNumber("spaced", 604_800));
        assertNull(f.wholeNumber("blank", 604_800), "blank: the default");
        assertNull(f.wholeNumber("absent", 604_800), "absent: the default");
        ActionForm.Refused over = assertThrows(ActionForm.Refused.class, () -> f.wholeNumber("over", 604_800));
        assertEquals(400, over.status());
        assertEquals("parameter 'over' must be a whole number from 0 to 604800, not '604801'", over.getMessage());
        assertEquals(400, status(() -> f.wholeNumber("neg", 10)));
        assertEquals(400, status(() -> f.wholeNumber("frac", 10)));
        assertEquals("parameter 'huge' must be a whole number from 0 to 10, not '" + "9".repeat(20) + "\u2026'",
                assertThrows(ActionForm.Refused.class, () -> f.wholeNumber("huge", 10)).getMessage(),
                "a long value is shortened");
        assertEquals("parameter 'ctl' must be a whole number from 0 to 10, not '1?'",
                assertThrows(ActionForm.Refused.class, () -> f.wholeNumber("ctl", 10)).getMessage(),
                "control characters are not echoed");
    }
}
