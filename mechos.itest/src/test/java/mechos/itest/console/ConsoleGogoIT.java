package mechos.itest.console;

import static mechos.itest.support.MechosTestSupport.awaitCondition;
import static mechos.itest.support.MechosTestSupport.awaitService;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;

import javax.inject.Inject;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.junit.After;
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
import mechos.hal.api.HealthState;
import mechos.kernel.api.DeviceRegistry;
import mechos.kernel.api.Kernel;
import mechos.kernel.api.SafetyState;

/** The {@code mechos:*} commands through a real Gogo session (CommandProcessor) in the robot's bundle set. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConsoleGogoIT {
    @Inject
    BundleContext context;

    private CommandSession session;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private Kernel kernel;

    @Configuration
    public Option[] config() {
        return MechosTestSupport.options(bsn -> true);
    }

    @Before
    public void openSession() {
        CommandProcessor processor = awaitService(context, CommandProcessor.class, null, Duration.ofSeconds(30));
        // Every mechos command service must be registered before the session looks commands up.
        for (String fn : List.of("drive", "intent", "memory", "tasks", "status", "estop", "reset", "resumeAutonomy", "devices")) {
            awaitService(context, Object.class, "(&(osgi.command.scope=mechos)(osgi.command.function=" + fn + "))",
                    Duration.ofSeconds(30));
        }
        kernel = awaitService(context, Kernel.class, null, Duration.ofSeconds(30));
        // The robot is up once the kernel sees the simulated drive base ONLINE (the run directory's configuration
        // arrives through FileInstall a moment after the bundles start).
        DeviceRegistry devices = awaitService(context, DeviceRegistry.class, null, Duration.ofSeconds(30));
        awaitCondition("simulated drive base ONLINE", Duration.ofSeconds(60), () -> devices.device("base")
                .map(d -> d.present() && d.health().state() == HealthState.ONLINE).orElse(false));
        session = processor.createSession(new ByteArrayInputStream(new byte[0]), out, out);
    }

    @After
    public void closeSession() {
        if (session != null) {
            session.close();
        }
    }

    private String run(String command) throws Exception {
        Object result = session.execute(command);
        String text = (result == null ? "" : String.valueOf(result)) + out.toString();
        out.reset();
        return text;
    }

    @Test
    public void driveAndIntentGoThroughTheKernelAsTheOperator() throws Exception {
        awaitCondition("kernel not latched", Duration.ofSeconds(30),
                () -> kernel.status().state() == SafetyState.NOMINAL);
        String usage = run("mechos:drive");
        assertTrue(usage, usage.contains("error: expected 2 or 3 arguments") && usage.contains("usage: mechos:drive"));
        String bad = run("mechos:drive fast 0");
        assertTrue(bad, bad.contains("linear must be a number, got 'fast'"));
        String tooLong = run("mechos:drive 0.1 0 99");
        assertTrue(tooLong, tooLong.contains("seconds must be between 0 and 30"));

        // Below the kernel's creep speed, so the drive is allowed even before perception has a fresh world model.
        String drove = run("mechos:drive 0.08 0 1");
        assertTrue(drove, drove.startsWith("drove linear=0.080"));
        assertEquals("driving engaged the manual override", SafetyState.OVERRIDE, kernel.status().state());
        run("mechos:release");
        awaitCondition("override released", Duration.ofSeconds(10),
                () -> kernel.status().state() == SafetyState.NOMINAL);

        String stop = run("mechos:intent operator '{\"action\":\"stop\",\"reason\":\"gogo test\"}'");
        assertTrue(stop, stop.startsWith("approved intent "));
        String invalid = run("mechos:intent operator '{\"action\":\"fly\"}'");
        assertTrue(invalid, invalid.contains("error: not a valid intent") && invalid.contains("usage: mechos:intent"));
        String stranger = run("mechos:intent stranger '{\"action\":\"drive\",\"linear\":0.1,\"angular\":0}'");
        assertTrue(stranger, stranger.startsWith("rejected intent "));
        String missing = run("mechos:intent operator");
        assertTrue(missing, missing.contains("error: expected an agent id and the intent JSON"));

        // An e-stop (the kernel's command) makes operator motion fail with the kernel's reason.
        run("mechos:estop gogo test");
        String refused = run("mechos:drive 0.1 0 1");
        assertTrue(refused, refused.startsWith("drive rejected"));
        run("mechos:reset");
        awaitCondition("reset", Duration.ofSeconds(10), () -> kernel.status().state() != SafetyState.ESTOP_LATCHED);
        assertTrue(kernel.status().toString(), kernel.status().awaitingResume());
        String resumed = run("mechos:resumeAutonomy");
        assertTrue(resumed, resumed.startsWith("resumed: "));
        assertTrue(kernel.status().toString(), !kernel.status().awaitingResume());
    }

    @Test
    public void memoryAndTasks() throws Exception {
        // The memory store opens on its own executor after activation; the commands answer "not available" until
        // its services are registered, so wait for them as an operator would.
        // On first start FileInstall applies conf/mechos.memory.*.cfg shortly after the defaults, which restarts
        // the memory components once: wait until both commands have answered continuously for 2 s.
        long[] availableSince = { 0 };
        awaitCondition("memory services bound to the commands for 2 s", Duration.ofSeconds(45), () -> {
            boolean up;
            try {
                up = !run("mechos:tasks list").contains("not available")
                        && !run("mechos:memory count").contains("not available");
            } catch (Exception e) {
                throw new AssertionError("running a command failed", e);
            }
            long now = System.nanoTime();
            if (!up) {
                availableSince[0] = 0;
                return false;
            }
            if (availableSince[0] == 0) {
                availableSince[0] = now;
            }
            return now - availableSince[0] >= Duration.ofSeconds(2).toNanos();
        });
        String count = run("mechos:memory count");
        assertTrue(count, count.matches("(?s)\\d+ episodes \\(store OK\\).*"));
        String usage = run("mechos:memory");
        assertTrue(usage, usage.contains("mechos:memory count | mechos:memory recall"));
        String badK = run("mechos:memory recall door -k zero");
        assertTrue(badK, badK.contains("error: k must be a whole number"));
        String recall = run("mechos:memory recall the door -k 3");
        assertTrue(recall, recall.contains("recalled (embedder "));

        String posted = run("mechos:tasks post 5 inspect the loading door");
        assertTrue(posted, posted.startsWith("posted ") && posted.contains("inspect the loading door"));
        String list = run("mechos:tasks list OPEN");
        assertTrue(list, list.contains("inspect the loading door") && list.contains("OPEN"));
        String badState = run("mechos:tasks list BOGUS");
        assertTrue(badState, badState.contains("error: unknown task state 'BOGUS'") && badState.contains("usage:"));
        String badPriority = run("mechos:tasks post high thing");
        assertTrue(badPriority, badPriority.contains("error: priority must be a whole number"));
    }

    /** The whole mechos:* set answers through the session, including the commands other bundles provide. */
    @Test
    public void theWholeOperatorCommandSetIsThere() throws Exception {
        String status = run("mechos:status");
        assertTrue(status, status.contains("tick"));
        String devices = run("mechos:devices");
        assertTrue(devices, devices.contains("base") && devices.contains("mechos.hal.sim"));
        String grants = run("mechos:grants list");
        assertTrue(grants, grants.contains("operator"));
        String answer = run("mechos:answer nobody asked");
        assertTrue(answer, !answer.isBlank());
        String agent = run("mechos:agent");
        assertTrue(agent, agent.contains("agent brain"));
        assertTrue(run("mechos:drive help").contains("mechos:drive <linear m/s>"));
        assertTrue(run("mechos:tasks help").contains("mechos:tasks [list"));
    }
}
