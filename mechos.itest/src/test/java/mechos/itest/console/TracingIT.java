package mechos.itest.console;

import static mechos.itest.support.MechosTestSupport.awaitCondition;
import static mechos.itest.support.MechosTestSupport.awaitService;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.bootDelegationPackage;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;

import com.sun.net.httpserver.HttpServer;

import mechos.itest.support.MechosTestSupport;
import mechos.kernel.api.Decision;
import mechos.kernel.api.Drive;
import mechos.kernel.api.Kernel;
import mechos.kernel.api.SafetyState;
import mechos.kernel.api.Stop;

/**
 * Intent tracing end to end in the real run: configuring mechos.telemetry's OTLP exporter makes the console's
 * tracer export the spans of an operator intent (intent → gate → driver call on the simulated base) to a collector,
 * here a real HTTP server on loopback that records what it receives.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TracingIT {
    private static final Duration START = Duration.ofSeconds(60);

    @Inject
    BundleContext bc;
    @Inject
    ConfigurationAdmin cm;

    @Configuration
    public Option[] config() {
        // the whole robot (the console's tracer lives in mechos.webconsole, which needs the runtime API); the JDK's
        // HTTP server for the fake collector is not exported by the system bundle
        return MechosTestSupport.options(bsn -> true, bootDelegationPackage("com.sun.net.httpserver"));
    }

    @Test
    public void anOperatorIntentIsExportedAsOtlpSpansKeyedByItsIntentId() throws Exception {
        List<String> bodies = new CopyOnWriteArrayList<>();
        HttpServer collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        collector.createContext("/v1/traces", exchange -> {
            if ("application/x-protobuf".equals(exchange.getRequestHeaders().getFirst("Content-Type"))) {
                bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.ISO_8859_1));
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        collector.start();
        try {
            Hashtable<String, Object> props = new Hashtable<>();
            props.put("endpoint", "http://127.0.0.1:" + collector.getAddress().getPort() + "/v1/traces");
            props.put("service.name", "tracing-itest");
            props.put("schedule.delay.ms", 100L);
            cm.getConfiguration("mechos.telemetry.otlp", "?").update(props);
            io.opentelemetry.api.OpenTelemetry otel = awaitService(bc, io.opentelemetry.api.OpenTelemetry.class,
                    "(mechos.telemetry.exporter=otlp)", START);
            // the exporter itself works inside OSGi (sender wiring, protobuf encoding)
            otel.getTracer("tracing-itest").spanBuilder("itest.probe").startSpan().end();
            awaitCondition("the probe span at the collector (received " + bodies.size() + " requests)",
                    Duration.ofSeconds(15), () -> String.join("", bodies).contains("itest.probe"));

            Kernel kernel = awaitService(bc, Kernel.class, null, START);
            awaitCondition("kernel NOMINAL (is " + kernel.status() + ")", START,
                    () -> kernel.status().state() == SafetyState.NOMINAL);
            AtomicReference<Decision> approved = new AtomicReference<>();
            AtomicReference<String> diagnosis = new AtomicReference<>("");
            // the console's tracer binds the OpenTelemetry service a moment after it appears: submit until one
            // approved drive intent shows up at the collector with its gate and driver-call spans
            try {
                awaitCondition("an approved intent's spans at the collector", Duration.ofSeconds(30), () -> {
                    Decision d = kernel.submit("operator", new Drive(0.05, 0));
                    if (d.approved()) {
                        approved.compareAndSet(null, d);
                    }
                    Decision first = approved.get();
                    diagnosis.set("received " + bodies.size() + " requests; last decision " + d + "; first approved "
                            + first);
                    return first != null && bodies.stream().anyMatch(b -> b.contains(first.intentId()))
                            && String.join("", bodies).contains("mechos.dispatch base");
                });
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; " + diagnosis.get(), e);
            }
            String all = String.join("", bodies);
            String id = approved.get().intentId();
            assertTrue("root span of the intent", all.contains("mechos.intent drive"));
            assertTrue("gate span", all.contains("mechos.kernel.gate"));
            assertTrue("driver call span on the simulated base", all.contains("mechos.dispatch base"));
            assertTrue("keyed by intent id " + id, all.contains(id));
            assertTrue("service name from the configuration", all.contains("tracing-itest"));
        } finally {
            awaitService(bc, Kernel.class, null, START).submit("operator", new Stop("tracing itest done"));
            cm.getConfiguration("mechos.telemetry.otlp", "?").delete();
            collector.stop(0);
        }
    }
}
