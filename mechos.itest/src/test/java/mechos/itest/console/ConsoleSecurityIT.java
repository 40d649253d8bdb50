package mechos.itest.console;

import static mechos.itest.support.MechosTestSupport.awaitCondition;
import static mechos.itest.support.MechosTestSupport.awaitService;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;

import javax.inject.Inject;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;

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

    private ConsoleHttp http;

    @Configuration
    public Option[] config() {
        return MechosTestSupport.options(bsn -> true);
    }

    @Before
    public void consoleUp() {
        http = new ConsoleHttp(MechosTestSupport.httpPort(context), MechosTestSupport.CONSOLE_USER,
                MechosTestSupport.CONSOLE_PASSWORD);
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
}
