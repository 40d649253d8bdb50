package mechos.webconsole.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static mechos.webconsole.internal.PageRequests.form;

import java.lang.reflect.Proxy;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;


import mechos.webconsole.internal.Fakes.FakeControl;
import mechos.webconsole.internal.Fakes.FakeKernel;
import mechos.webconsole.internal.PageRequests.Answer;

/**
 * The POST handler of the MechOS page (issue 15): a body above the limit is a 413 and a malformed one a 400, each
 * with a short JSON message and never the text of an internal exception; nothing reaches the kernel then. The
 * e-stop is never refused for its body.
 */
class ActionPostTest {
    private final FakeKernel kernel = new FakeKernel();
    private final FakeControl control = new FakeControl();
    private final CsrfGuard csrf = new CsrfGuard(new SecureRandom());
    private MechosPlugin plugin;

    @BeforeEach
    void start() {
        RobotServices s = new RobotServices();
        s.bindKernel(kernel);
        s.bindOperatorControl(control);
        ConsoleConfig defaults = (ConsoleConfig) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { ConsoleConfig.class }, (p, m, a) -> m.getDefaultValue());
        plugin = new MechosPlugin(s, new BusMonitor(), csrf, new BatteryGauges(), new FleetGauges(),
                new PageSensors(), null, defaults);
    }

    @AfterEach
    void stop() {
        plugin.deactivate();
    }

    private Answer post(String action, long contentLength, Supplier<Map<String, String[]>> form) {
        return PageRequests.call(plugin, csrf, true, "/api/" + action, contentLength, form);
    }

    @Test
    void aDriveWithinTheLimitsReachesTheKernel() {
        Answer a = post("drive", 25, () -> form("linear", "0.2", "angular", "0"));
        assertEquals(200, a.status(), a.body());
        assertEquals(List.of("operator:admin:Drive[linear=0.2, angular=0.0]"), kernel.submitted);
    }

    @Test
    void aBodyAboveTheLimitIsA413AndNothingIsParsedOrDone() {
        Answer a = post("answer", 1_000_000, () -> {
            throw new AssertionError("a body above the limit was parsed");
        });
        assertEquals(413, a.status());
        assertEquals("{\"ok\":false,\"message\":\"request body too large: at most 16384 bytes\"}", a.body());
        assertEquals(413, post("answer", 2_500, () -> form("answer", "y".repeat(2_400))).status(), "answer too long");
        assertEquals(413, post("recorder/start", 300, () -> form("topics", "t".repeat(250))).status());
    }

    @Test
    void aMalformedRequestIsA400WithAShortMessageAndNoInternals() {
        Answer a = post("drive", 40, () -> {
            throw new IllegalStateException("org.eclipse.jetty.http.BadMessageException: Unable to parse form content");
        });
        assertEquals(400, a.status());
        assertEquals("{\"ok\":false,\"message\":\"malformed form body\"}", a.body());
        Answer b = post("drive", 30, () -> form("linear", "fast", "angular", "0"));
        assertEquals(400, b.status());
        assertTrue(b.body().contains("parameter 'linear' is not a number"), b.body());
        assertFalse(b.body().contains("NumberFormatException"), b.body());
        assertEquals(400, post("drive", 10, () -> form("linear", "0.2")).status(), "angular missing");
        assertEquals(400, post("goal", 20, () -> form("x", "Infinity", "y", "0")).status());
        assertEquals(400, post("pose", 20, () -> form("x", "1", "y", "1", "theta", "NaN")).status());
        assertEquals(List.of(), kernel.submitted, "nothing reached the kernel");
    }

    @Test
    void anEstopIsNeverRefusedForItsBody() {
        Answer a = post("estop", 1_000_000, () -> {
            throw new IllegalStateException("unparseable");
        });
        assertEquals(200, a.status(), a.body());
        assertTrue(control.calls.get(0).startsWith("estop "), control.calls.toString());
    }
}
