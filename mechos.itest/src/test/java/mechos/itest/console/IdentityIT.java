package mechos.itest.console;

import static mechos.itest.support.MechosTestSupport.awaitCondition;
import static mechos.itest.support.MechosTestSupport.awaitService;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.inject.Inject;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;

import mechos.itest.support.MechosTestSupport;
import mechos.kernel.api.Decision;
import mechos.kernel.api.Drive;
import mechos.kernel.api.Kernel;
import mechos.kernel.api.KernelTopics;
import mechos.kernel.api.Stop;
import mechos.kernel.api.bus.BusSubscription;
import mechos.kernel.api.bus.EventBus;

/**
 * Agent identity is bound to the calling bundle (issue 12, defect 6): a bundle, the Gogo shell or the console
 * cannot claim an agent the signed grants do not bind to it; the console's intents carry the logged-in user.
 * The grants are MechosTestSupport's: the probe may act as brain and operator, nobody as {@code itest-unbound}.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class IdentityIT {
    private static final Duration START = Duration.ofSeconds(60);

    @Inject
    BundleContext context;

    @Configuration
    public Option[] config() {
        return MechosTestSupport.options(bsn -> true);
    }

    @Test
    public void aBundleCannotClaimAnAgentItIsNotBoundTo() {
        Kernel kernel = awaitService(context, Kernel.class, null, START);
        awaitCondition("grants loaded (operator known)", START,
                () -> !kernel.submit("operator", new Stop("identity itest")).mostSevere()
                        .map(v -> v.ruleId().equals("capability")).orElse(false));
        Decision claimed = kernel.submit(MechosTestSupport.UNBOUND_AGENT, new Drive(0.05, 0));
        assertFalse(claimed.reason(), claimed.approved());
        assertEquals(claimed.reason(), "identity", claimed.mostSevere().orElseThrow().ruleId());
        assertTrue(claimed.reason(), claimed.reason().contains("PAXEXAM-PROBE-"));
        Decision own = kernel.submit("operator", new Stop("identity itest"));
        assertTrue(own.reason(), own.approved());
    }

    @Test
    public void theShellActsAsTheOperatorOnly() throws Exception {
        CommandProcessor processor = awaitService(context, CommandProcessor.class, null, START);
        awaitService(context, Object.class, "(&(osgi.command.scope=mechos)(osgi.command.function=intent))", START);
        Kernel kernel = awaitService(context, Kernel.class, null, START);
        awaitCondition("grants loaded", START, () -> kernel.submit("operator", new Stop("identity itest")).approved());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CommandSession session = processor.createSession(new ByteArrayInputStream(new byte[0]), out, out);
        try {
            Object asBrain = session.execute("mechos:intent brain '{\"action\":\"stop\",\"reason\":\"x\"}'");
            assertTrue(String.valueOf(asBrain), String.valueOf(asBrain).startsWith("rejected intent ")
                    && String.valueOf(asBrain).contains("[identity]")
                    && String.valueOf(asBrain).contains("mechos.shell"));
            Object asOperator = session.execute("mechos:intent operator '{\"action\":\"stop\",\"reason\":\"x\"}'");
            assertTrue(String.valueOf(asOperator), String.valueOf(asOperator).startsWith("approved intent "));
        } finally {
            session.close();
        }
    }

    @Test
    public void theConsoleRecordsTheLoggedInUser() throws Exception {
        EventBus bus = awaitService(context, EventBus.class, null, START);
        List<Decision> decisions = new CopyOnWriteArrayList<>();
        ConsoleHttp http = new ConsoleHttp(MechosTestSupport.httpPort(context), MechosTestSupport.CONSOLE_USER,
                MechosTestSupport.CONSOLE_PASSWORD);
        try (BusSubscription sub = bus.subscribe(KernelTopics.DECISIONS, "identity itest", 100,
                e -> decisions.add(e.payload()))) {
            awaitCondition("the console answers", START, () -> http.get("mechos").status() == 200);
            String token = http.pageToken();
            ConsoleHttp.Response stop = http.post("mechos/api/stop", token, "");
            assertEquals(stop.body(), 200, stop.status());
            awaitCondition("the console's stop decided as operator:" + MechosTestSupport.CONSOLE_USER,
                    Duration.ofSeconds(10), () -> decisions.stream().anyMatch(d -> d.agentId()
                            .equals("operator:" + MechosTestSupport.CONSOLE_USER) && d.approved()));
        }
    }
}
