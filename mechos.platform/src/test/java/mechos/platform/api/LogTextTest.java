package mechos.platform.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LogTextTest {
    @Test
    void aLargePayloadIsCutTo2KbAndNamesItsFullSize() {
        String big = "{\"kind\":\"Say\",\"text\":\"" + "x".repeat(400 * 1024) + "\"}";
        String suffix = "…(" + big.length() + " bytes)";
        String logged = LogText.cap(big).toString();
        assertEquals(LogText.MAX_CHARS + suffix.length(), logged.length(), logged.substring(0, 40));
        assertTrue(logged.startsWith("{\"kind\":\"Say\",\"text\":\"xxx"));
        assertTrue(logged.endsWith("x" + suffix), logged.substring(logged.length() - 30));
    }

    @Test
    void aSmallPayloadIsUnchangedAndNullIsPrintable() {
        assertEquals("Drive[linear=0.2, angular=0.0]", LogText.cap("Drive[linear=0.2, angular=0.0]").toString());
        assertEquals("null", LogText.cap(null).toString());
    }

    @Test
    void controlCharactersCannotForgeLogLines() {
        assertEquals("a\\nINFO forged\\r\\t\\u0007", LogText.cap("a\nINFO forged\r\t\u0007", 100));
    }

    @Test
    void neverCutsASurrogatePairInHalfAndCountsBytesNotChars() {
        String s = "ab\uD83D\uDE00cd"; // a, b, an emoji (2 chars, 4 bytes), c, d: 8 bytes
        assertEquals("ab…(8 bytes)", LogText.cap(s, 3));
        assertEquals("ab\uD83D\uDE00…(8 bytes)", LogText.cap(s, 4));
    }
}
