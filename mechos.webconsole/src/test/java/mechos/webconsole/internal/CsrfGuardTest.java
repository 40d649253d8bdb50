package mechos.webconsole.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;

import org.junit.jupiter.api.Test;

class CsrfGuardTest {
    private final CsrfGuard guard = new CsrfGuard(new SecureRandom());

    @Test
    void aUsersOwnTokenIsValid() {
        String t = guard.tokenFor("admin");
        assertEquals(t, guard.tokenFor("admin"), "stable while the component lives");
        assertTrue(guard.valid("admin", t));
    }

    @Test
    void missingWrongOrForeignTokensAreRejected() {
        String t = guard.tokenFor("admin");
        assertFalse(guard.valid("admin", null));
        assertFalse(guard.valid("admin", ""));
        assertFalse(guard.valid("admin", t.substring(1)));
        assertFalse(guard.valid("robotops", t), "a token is bound to its user");
        assertNotEquals(t, new CsrfGuard(new SecureRandom()).tokenFor("admin"), "a new key makes new tokens");
        assertFalse(new CsrfGuard(new SecureRandom()).valid("admin", t));
    }

    @Test
    void tokenIsSafeInAnHtmlAttributeAndAHeader() {
        assertTrue(guard.tokenFor("x\"<>").matches("[A-Za-z0-9_-]{43}"));
    }
}
