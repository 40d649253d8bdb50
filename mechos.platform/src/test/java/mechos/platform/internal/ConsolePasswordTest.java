package mechos.platform.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

import org.junit.jupiter.api.Test;

class ConsolePasswordTest {
    private final SecureRandom random = new SecureRandom();

    /** The real Felix Web Console 5 must accept our hashes, or nobody can log in. */
    @Test
    void webConsoleAcceptsOurHashes() throws Exception {
        Class<?> password = Class.forName("org.apache.felix.webconsole.internal.servlet.Password");
        Constructor<?> ctor = password.getDeclaredConstructor(String.class);
        ctor.setAccessible(true);
        Method matches = password.getDeclaredMethod("matches", byte[].class);
        matches.setAccessible(true);

        String hash = ConsolePassword.hash("s3cret-Pass", random);
        Object p = ctor.newInstance(hash);
        assertTrue((Boolean) matches.invoke(p, "s3cret-Pass".getBytes(StandardCharsets.UTF_8)));
        assertFalse((Boolean) matches.invoke(p, "s3cret-pass".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void saltMakesEachHashDifferentButAllMatch() {
        String a = ConsolePassword.hash("pw", random);
        String b = ConsolePassword.hash("pw", random);
        assertNotEquals(a, b);
        assertTrue(ConsolePassword.matches("pw", a));
        assertTrue(ConsolePassword.matches("pw", b));
        assertFalse(ConsolePassword.matches("pw2", a));
    }

    @Test
    void malformedHashesNeverMatch() {
        assertFalse(ConsolePassword.matches("pw", null));
        assertFalse(ConsolePassword.matches("pw", "pw"));
        assertFalse(ConsolePassword.matches("pw", "{sha-256}abc"));
        assertFalse(ConsolePassword.matches("pw", "{sha-256}abc-notanumber-xyz"));
    }

    @Test
    void generatedPasswordsHaveTheRequestedLengthAndDiffer() {
        String a = ConsolePassword.generate(random, 20);
        assertEquals(20, a.length());
        assertNotEquals(a, ConsolePassword.generate(random, 20));
    }
}
