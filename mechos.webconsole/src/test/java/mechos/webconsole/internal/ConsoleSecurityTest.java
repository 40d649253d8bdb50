package mechos.webconsole.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class ConsoleSecurityTest {
    private static final String SELF = "127.0.0.1:8080";
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final CsrfGuard csrf = new CsrfGuard(new SecureRandom());
    private final ConsoleSecurity security = new ConsoleSecurity(csrf, new LoginThrottle(now::get, 5, 300, 100),
            config(new String[] { "https://robot.example" }));

    static GuardConfig config(String[] trusted) {
        return new GuardConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return GuardConfig.class;
            }

            @Override
            public int login__free__failures() {
                return 5;
            }

            @Override
            public int login__max__lockout__s() {
                return 300;
            }

            @Override
            public int max__form__bytes() {
                return 200_000;
            }

            @Override
            public int max__upload__bytes() {
                return 64 << 20;
            }

            @Override
            public String[] trusted__origins() {
                return trusted;
            }
        };
    }

    private static String basic(String user, String pw) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + pw).getBytes(StandardCharsets.UTF_8));
    }

    private static ConsoleSecurity.Request post(String origin, String referer, String token) {
        return new ConsoleSecurity.Request("POST", "http", SELF, origin, referer, token, basic("admin", "pw"), 10,
                "application/x-www-form-urlencoded", false, "10.0.0.7");
    }

    @Test
    void aStockConsolePostFromAForeignOriginIsRefused() {
        ConsoleSecurity.Refusal r = security.check(post("http://evil.example", null, null));
        assertEquals(403, r.status());
        assertEquals(403, security.check(post("null", null, null)).status(), "an opaque origin is foreign");
        assertEquals(403, security.check(post(null, "http://evil.example/page.html", null)).status());
        assertEquals(403, security.check(post("http://127.0.0.1:8081", null, null)).status(), "port matters");
        assertEquals(403, security.check(post("http://evil.example", null, csrf.tokenFor("admin"))).status(),
                "a token does not make a foreign page's request acceptable");
    }

    @Test
    void sameOriginAndTrustedOriginsPass() {
        assertNull(security.check(post("http://127.0.0.1:8080", null, null)));
        assertNull(security.check(post(null, "http://127.0.0.1:8080/system/console/bundles", null)));
        assertNull(security.check(post("https://robot.example", null, null)));
        assertNull(security.check(post("https://ROBOT.example:443", null, null)));
    }

    @Test
    void nonBrowserClientsNeedTheToken() {
        assertEquals(403, security.check(post(null, null, null)).status());
        assertEquals(403, security.check(post(null, null, "forged")).status());
        assertNull(security.check(post(null, null, csrf.tokenFor("admin"))));
        assertEquals(403, security.check(post(null, null, csrf.tokenFor("someoneelse"))).status(),
                "the token is bound to the user of the Authorization header");
    }

    @Test
    void readsAreNotCheckedForOriginButStillForSize() {
        ConsoleSecurity.Request get = new ConsoleSecurity.Request("GET", "http", SELF, "http://evil.example", null,
                null, basic("admin", "pw"), -1, null, false, "10.0.0.7");
        assertNull(security.check(get));
    }

    @Test
    void oversizedBodiesAre413AndUndeclaredLengths411() {
        ConsoleSecurity.Request form = new ConsoleSecurity.Request("POST", "http", SELF, "http://127.0.0.1:8080",
                null, null, basic("admin", "pw"), 1_000_001, "application/x-www-form-urlencoded; charset=UTF-8",
                false, "c");
        assertEquals(413, security.check(form).status());
        ConsoleSecurity.Request upload = new ConsoleSecurity.Request("POST", "http", SELF, "http://127.0.0.1:8080",
                null, null, basic("admin", "pw"), 1_000_001, "multipart/form-data; boundary=x", false, "c");
        assertNull(security.check(upload), "a 1 MB bundle upload is fine");
        ConsoleSecurity.Request chunked = new ConsoleSecurity.Request("POST", "http", SELF,
                "http://127.0.0.1:8080", null, null, basic("admin", "pw"), -1, "application/x-www-form-urlencoded",
                true, "c");
        assertEquals(411, security.check(chunked).status());
    }

    @Test
    void repeatedFailedLoginsLockTheClientOutEvenWithTheRightPassword() {
        ConsoleSecurity.Request wrong = post("http://127.0.0.1:8080", null, null);
        for (int i = 0; i < 5; i++) {
            assertNull(security.check(wrong), "free attempt " + i);
            security.completed(wrong, 401);
        }
        assertNull(security.check(wrong));
        security.completed(wrong, 401); // sixth failure: locked for 1 s
        ConsoleSecurity.Refusal locked = security.check(wrong);
        assertEquals(429, locked.status());
        assertEquals(1, locked.retryAfterSeconds());
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(1001));
        assertNull(security.check(wrong), "the lockout ends");
        security.completed(wrong, 401); // seventh: 2 s
        assertEquals(2, security.check(wrong).retryAfterSeconds());
        ConsoleSecurity.Request other = new ConsoleSecurity.Request("POST", "http", SELF, "http://127.0.0.1:8080",
                null, null, basic("admin", "pw"), 10, null, false, "10.0.0.8");
        assertNull(security.check(other), "other clients are not affected");
        now.addAndGet(TimeUnit.SECONDS.toNanos(2));
        security.completed(wrong, 200);
        for (int i = 0; i < 5; i++) {
            security.completed(wrong, 401);
        }
        assertNull(security.check(wrong), "a successful login resets the count");
    }

    @Test
    void theLockoutIsCapped() {
        ConsoleSecurity.Request wrong = post("http://127.0.0.1:8080", null, null);
        for (int i = 0; i < 60; i++) {
            security.completed(wrong, 401);
        }
        assertEquals(300, security.check(wrong).retryAfterSeconds());
    }

    @Test
    void loggedNamesAreCutAndFreeOfControlCharacters() {
        String s = ConsoleSecurity.printable("adm\nin" + "x".repeat(100));
        assertTrue(s.startsWith("adm?in"));
        assertTrue(s.length() <= 65);
    }
}
