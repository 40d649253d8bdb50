package mechos.itest.console;

import static mechos.itest.support.MechosTestSupport.awaitCondition;
import static mechos.itest.support.MechosTestSupport.awaitService;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.Map;

import javax.inject.Inject;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.ConfigurationAdmin;

import mechos.itest.support.MechosTestSupport;
import mechos.kernel.api.Kernel;
import mechos.kernel.api.SafetyState;

/**
 * The MechOS page's endpoints are as protected as the console: nothing is served without the console login (401),
 * and no state-changing POST is carried out without the page's CSRF token.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConsoleSecurityIT {
    @Inject
    BundleContext context;

    @Inject
    ConfigurationAdmin configAdmin;

    private ConsoleHttp http;

    private static final String GUARD = "mechos.webconsole.internal.ConsoleGuard";
    private static final String EVIL = "http://evil.example";

    @Configuration
    public Option[] config() {
        return MechosTestSupport.options(bsn -> true);
    }

    @Before
    public void consoleUp() throws IOException {
        http = new ConsoleHttp(MechosTestSupport.httpPort(context), MechosTestSupport.CONSOLE_USER,
                MechosTestSupport.CONSOLE_PASSWORD);
        // The wrong-password checks below make more failed logins from 127.0.0.1 than the default 5 the login
        // backoff lets through; the backoff itself is tested from another client address.
        guardConfig(100, 300);
        awaitCondition("MechOS page served to the console user", Duration.ofSeconds(60),
                () -> http.get("mechos/state.json").status() == 200);
    }

    @Test
    public void everyEndpointRefusesUnauthenticatedAndWrongCredentials() {
        for (String path : ConsoleHttp.GETS) {
            assertEquals("GET " + path + " with the console login", 200, http.get(path).status());
            assertEquals("GET " + path + " anonymous", 401, http.getAs(path, null, null).status());
            assertEquals("GET " + path + " wrong password", 401,
                    http.getAs(path, MechosTestSupport.CONSOLE_USER, "wrong").status());
            assertEquals("GET " + path + " admin/admin", 401, http.getAs(path, "admin", "admin").status());
        }
        String token = http.pageToken();
        for (String action : ConsoleHttp.ACTIONS) {
            String path = "mechos/api/" + action;
            // Even with a valid token, no login means no action.
            assertEquals("POST " + path + " anonymous", 401, http.postAs(path, null, null, token, "").status());
            assertEquals("POST " + path + " wrong password", 401,
                    http.postAs(path, MechosTestSupport.CONSOLE_USER, "wrong", token, "").status());
        }
        assertEquals("the page is not served to anonymous users either", 401,
                http.getAs("mechos/state.json", null, null).status());
    }

    @Test
    public void postsWithoutTheCsrfTokenAreRejectedAndChangeNothing() {
        Kernel kernel = awaitService(context, Kernel.class, null, Duration.ofSeconds(30));
        awaitCondition("kernel NOMINAL", Duration.ofSeconds(30),
                () -> kernel.status().state() != SafetyState.ESTOP_LATCHED);
        String token = http.pageToken();
        for (String action : ConsoleHttp.ACTIONS) {
            String path = "mechos/api/" + action;
            ConsoleHttp.Response none = http.post(path, null, "linear=0.1&angular=0&answer=x");
            assertEquals("POST " + path + " without token: " + none.body(), 403, none.status());
            ConsoleHttp.Response wrong = http.post(path, token.substring(1) + "x", "linear=0.1&angular=0");
            assertEquals("POST " + path + " with a wrong token", 403, wrong.status());
        }
        assertNotEquals("a rejected e-stop POST changed nothing", SafetyState.ESTOP_LATCHED,
                kernel.status().state());

        ConsoleHttp.Response estop = http.post("mechos/api/estop", token, "");
        assertEquals(estop.body(), 200, estop.status());
        assertTrue(estop.body(), estop.body().contains("\"ok\":true"));
        assertEquals(SafetyState.ESTOP_LATCHED, kernel.status().state());
        ConsoleHttp.Response reset = http.post("mechos/api/reset", token, "");
        assertEquals(reset.body(), 200, reset.status());
        awaitCondition("reset clears the latch", Duration.ofSeconds(10),
                () -> kernel.status().state() != SafetyState.ESTOP_LATCHED);
    }

    @Test
    public void unknownPathsAreNotFoundButStillNeedTheLogin() {
        assertEquals(401, http.getAs("mechos/nothing.json", null, null).status());
        assertEquals(404, http.get("mechos/nothing.json").status());
        assertEquals(404, http.post("mechos/api/selfdestruct", http.pageToken(), "").status());
    }

    /** Sets the guard's login limits and waits until the guard runs with them (a fresh login record). */
    private void guardConfig(int freeFailures, int maxLockout) throws IOException {
        org.osgi.service.cm.Configuration cfg = configAdmin.getConfiguration("mechos.webconsole.security", "?");
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("login_free_failures", freeFailures);
        props.put("login_max_lockout_s", maxLockout);
        cfg.update(props);
        String filter = "(&(component.name=" + GUARD + ")(login_free_failures=" + freeFailures + "))";
        awaitCondition("console guard running with " + filter, Duration.ofSeconds(30), () -> {
            try {
                return context.getServiceReferences((String) null, filter) != null;
            } catch (InvalidSyntaxException e) {
                throw new IllegalArgumentException(e);
            }
        });
    }

    private ConsoleHttp.Response rawPost(String path, Map<String, String> headers, String form) {
        Map<String, String> h = new java.util.LinkedHashMap<>(headers);
        h.put("Content-Type", "application/x-www-form-urlencoded");
        return http.raw("POST", path, "127.0.0.1", MechosTestSupport.CONSOLE_USER,
                MechosTestSupport.CONSOLE_PASSWORD, h, form.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * Issue 15: a stock console POST (stop a bundle, change a configuration, vmstat) from a foreign page was
     * carried out (200, the drive went OFFLINE). Now it is refused before the console sees it, and so is one
     * without Origin/Referer and without the token; nothing changes.
     */
    @Test
    public void stockConsolePostsFromAForeignOriginAreRefused() throws IOException {
        Bundle sim = Arrays.stream(context.getBundles()).filter(b -> b.getSymbolicName().equals("mechos.hal.sim"))
                .findFirst().orElseThrow(() -> new AssertionError("mechos.hal.sim not installed"));
        assertEquals(Bundle.ACTIVE, sim.getState());
        String bundlePath = "bundles/" + sim.getBundleId();
        ConsoleHttp.Response foreign = rawPost(bundlePath, Map.of("Origin", EVIL), "action=stop");
        assertEquals(foreign.body(), 403, foreign.status());
        ConsoleHttp.Response referer = rawPost(bundlePath, Map.of("Referer", EVIL + "/x.html"), "action=stop");
        assertEquals(referer.body(), 403, referer.status());
        ConsoleHttp.Response bare = rawPost(bundlePath, Map.of(), "action=stop");
        assertEquals("no Origin, no Referer, no token: " + bare.body(), 403, bare.status());
        assertEquals("the bundle was not stopped", Bundle.ACTIVE, sim.getState());

        ConsoleHttp.Response config = rawPost("configMgr/mechos.kernel.rule.speed", Map.of("Origin", EVIL),
                "apply=true&action=ajaxConfigManager&propertylist=max_linear&max_linear=3.0");
        assertEquals(config.body(), 403, config.status());
        Object cap = configAdmin.getConfiguration("mechos.kernel.rule.speed", "?").getProperties() == null ? null
                : configAdmin.getConfiguration("mechos.kernel.rule.speed", "?").getProperties().get("max_linear");
        assertNotEquals("the speed cap was not raised", "3.0", String.valueOf(cap));
        assertEquals(403, rawPost("vmstat", Map.of("Origin", EVIL), "shutdown_timer=1").status());

        // Same origin with the token-less stock form is fine (here a harmless unknown action on the bundle).
        ConsoleHttp.Response own = rawPost(bundlePath, Map.of("Origin", "http://127.0.0.1:" + MechosTestSupport.httpPort(context)),
                "action=nothing");
        assertNotEquals(own.body(), 403, own.status());
        assertEquals(Bundle.ACTIVE, sim.getState());
    }

    @Test
    public void everyResponseForbidsFramingAndSniffing() {
        ConsoleHttp.Response r = http.raw("GET", "mechos", "127.0.0.1", MechosTestSupport.CONSOLE_USER,
                MechosTestSupport.CONSOLE_PASSWORD, Map.of(), null);
        assertEquals(200, r.status());
        String head = r.body().substring(0, r.body().indexOf("\r\n\r\n")).toLowerCase();
        assertTrue(head, head.contains("x-frame-options: deny"));
        assertTrue(head, head.contains("frame-ancestors 'none'"));
        assertTrue(head, head.contains("x-content-type-options: nosniff"));
    }

    /** Issue 15: a 1 MB form parameter gave 500 with Jetty's exception text. */
    @Test
    public void anOversizedFormIs413WithoutInternals() {
        String big = "apply=true&max_linear=" + "9".repeat(1_000_000);
        ConsoleHttp.Response r = rawPost("configMgr/mechos.kernel.rule.speed",
                Map.of("Origin", "http://127.0.0.1:" + MechosTestSupport.httpPort(context)), big);
        assertEquals(r.body(), 413, r.status());
        assertTrue(r.body(), !r.body().contains("Exception") && !r.body().toLowerCase().contains("jetty"));
    }

    /**
     * Issue 15: 50 wrong passwords were answered at full speed. After the free failures a client is locked out,
     * even with the right password, while other clients are not.
     */
    @Test
    public void repeatedWrongPasswordsLockTheClientOut() throws IOException {
        guardConfig(3, 60);
        try {
            for (int i = 0; i < 3; i++) {
                assertEquals("free attempt " + i, 401, http.raw("GET", "mechos/state.json", "127.0.0.2",
                        MechosTestSupport.CONSOLE_USER, "guess" + i, Map.of(), null).status());
            }
            // The next failure locks the client out (1 s, then doubling). Once a wrong guess is answered 429, the
            // right password is refused too; should that lockout have ended just before it (a slow machine),
            // the success clears the record and the sequence is repeated.
            ConsoleHttp.Response locked = null;
            for (int round = 0; round < 5 && (locked == null || locked.status() != 429); round++) {
                ConsoleHttp.Response guess;
                int n = 0;
                do {
                    guess = http.raw("GET", "mechos/state.json", "127.0.0.2", MechosTestSupport.CONSOLE_USER,
                            "guess-" + round + "-" + n++, Map.of(), null);
                    assertTrue(guess.body(), guess.status() == 401 || guess.status() == 429);
                } while (guess.status() != 429 && n < 20);
                assertEquals("a client that keeps guessing is locked out", 429, guess.status());
                assertTrue(guess.body(), guess.body().toLowerCase().contains("retry-after:"));
                locked = http.raw("GET", "mechos/state.json", "127.0.0.2", MechosTestSupport.CONSOLE_USER,
                        MechosTestSupport.CONSOLE_PASSWORD, Map.of(), null);
            }
            assertEquals("the right password is refused while locked out", 429, locked.status());
            assertEquals("another client is not locked out", 200, http.get("mechos/state.json").status());
        } finally {
            guardConfig(100, 300);
        }
    }

    /** Issue 15: the OpenAI API key appeared in clear in configuration-status.txt ("Component Configurations"). */
    @Test
    public void secretsDoNotAppearInTheStatusPrinters() throws IOException {
        String key = "sk-itest-" + Long.toHexString(System.nanoTime()) + "-do-not-print";
        org.osgi.service.cm.Configuration cfg = configAdmin.getConfiguration("mechos.itest.secretholder", "?");
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("api_key", key);
        props.put(".private_note", key + "-dot");
        props.put("model", "visible-model-name");
        cfg.update(props);
        try {
            awaitCondition("the configuration is listed", Duration.ofSeconds(20),
                    () -> http.get("config/configuration-status.txt").body().contains("mechos.itest.secretholder"));
            String txt = http.get("config/configuration-status.txt").body();
            assertTrue("the printer still prints the other values", txt.contains("visible-model-name"));
            assertTrue(txt, !txt.contains(key));
            assertEquals(403, http.get("config/configuration-status.zip").status());
        } finally {
            cfg.delete();
        }
    }

    /** Issue 15: metrics needed the admin login. /metrics takes a scrape-only credential, and only that. */
    @Test
    public void metricsHaveAReadOnlyScrapeCredential() throws IOException {
        String scrape = "scrape-pw-" + Long.toHexString(System.nanoTime());
        org.osgi.service.cm.Configuration cfg = configAdmin.getConfiguration("mechos.webconsole.metrics", "?");
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("scrape_user", "prometheus");
        props.put("scrape_password", scrape);
        cfg.update(props);
        try {
            awaitCondition("/metrics answers the scrape credential", Duration.ofSeconds(30),
                    () -> http.raw("GET", "/metrics", "127.0.0.1", "prometheus", scrape, Map.of(), null)
                            .status() == 200);
            ConsoleHttp.Response m = http.raw("GET", "/metrics", "127.0.0.1", "prometheus", scrape, Map.of(), null);
            assertTrue(m.body(), m.body().contains("mechos_up 1") && m.body().contains("mechos_jvm_threads"));
            assertEquals("the console login is not a scrape credential", 401, http.raw("GET", "/metrics", "127.0.0.1",
                    MechosTestSupport.CONSOLE_USER, MechosTestSupport.CONSOLE_PASSWORD, Map.of(), null).status());
            assertEquals("the scrape credential is not a console login", 401,
                    http.getAs("mechos/metrics.txt", "prometheus", scrape).status());
            int estop = http.postAs("mechos/api/estop", "prometheus", scrape, http.pageToken(), "").status();
            assertTrue("the scrape credential cannot e-stop, got " + estop, estop == 401 || estop == 403);
            assertEquals(401, http.raw("GET", "/metrics", "127.0.0.1", null, null, Map.of(), null).status());
        } finally {
            cfg.delete();
        }
    }

    /** Issue 15: http://127.0.0.1:8080/ was a bare Jetty 404. */
    @Test
    public void theRootRedirectsToTheMechosPage() {
        ConsoleHttp.Response r = http.raw("GET", "/", "127.0.0.1", null, null, Map.of(), null);
        assertEquals(r.body(), 302, r.status());
        assertTrue(r.body(), r.body().matches("(?is).*\r\nlocation: [^\r\n]*/system/console/mechos\r\n.*"));
    }
}
