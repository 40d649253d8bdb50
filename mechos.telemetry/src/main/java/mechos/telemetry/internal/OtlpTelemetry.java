package mechos.telemetry.internal;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.common.ComponentLoader;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.exporter.sender.jdk.internal.JdkHttpSenderProvider;
import io.opentelemetry.sdk.common.export.HttpSenderProvider;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import mechos.platform.api.ComponentProperties;
import mechos.platform.api.ConfigurationChecks;
import mechos.platform.api.ConfigurationProblem;

/**
 * The OpenTelemetry SDK with a batching OTLP/HTTP span exporter, registered as the {@link OpenTelemetry} service
 * while its configuration exists (the console's intent tracer picks it up dynamically; without it tracing is a
 * no-op). Export runs on the SDK's own batch thread with a bounded queue: a slow or absent collector costs dropped
 * spans, never a blocked robot. The HTTP sender (the JDK's HttpClient) is handed to the exporter directly, not
 * found through ServiceLoader, which does not see across bundles.
 */
@Component(service = OpenTelemetry.class, configurationPid = OtlpTelemetry.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = "mechos.telemetry.exporter=otlp")
@Designate(ocd = OtlpTelemetryConfig.class)
public final class OtlpTelemetry implements OpenTelemetry {
    public static final String PID = "mechos.telemetry.otlp";
    private static final Logger LOG = LoggerFactory.getLogger(OtlpTelemetry.class);

    private final SdkTracerProvider tracerProvider;
    private final String endpoint;

    @Activate
    public OtlpTelemetry(OtlpTelemetryConfig config) {
        this(config.endpoint(), config.service_name(), config.timeout_ms(), config.schedule_delay_ms(),
                config.max_queue_size(), headers(config.headers()));
    }

    OtlpTelemetry(String endpoint, String serviceName, long timeoutMs, long scheduleDelayMs, int maxQueueSize,
            Map<String, String> headers) {
        this.endpoint = validEndpoint(endpoint);
        checkPositive("timeout.ms", timeoutMs);
        checkPositive("schedule.delay.ms", scheduleDelayMs);
        checkPositive("max.queue.size", maxQueueSize);
        OtlpHttpSpanExporterBuilder exporter = OtlpHttpSpanExporter.builder().setEndpoint(this.endpoint)
                .setTimeout(Duration.ofMillis(timeoutMs)).setComponentLoader(new JdkSenderLoader());
        headers.forEach(exporter::addHeader);
        Resource resource = Resource.getDefault().merge(Resource.create(Attributes.of(
                AttributeKey.stringKey("service.name"), serviceName == null || serviceName.isBlank() ? "mechos"
                        : serviceName.trim())));
        this.tracerProvider = SdkTracerProvider.builder().setResource(resource)
                .addSpanProcessor(BatchSpanProcessor.builder(exporter.build())
                        .setScheduleDelay(Duration.ofMillis(scheduleDelayMs)).setMaxQueueSize(maxQueueSize).build())
                .build();
        LOG.info("intent tracing on: spans go to {} over OTLP/HTTP{}", this.endpoint,
                headers.isEmpty() ? "" : " with headers " + headers.keySet());
    }

    /**
     * @return what the activation would refuse in these proposed values of {@link #PID}, each problem naming its
     *         key: the same checks the constructor runs (endpoint, headers, timeouts and queue size)
     */
    static List<ConfigurationProblem> problems(Map<String, Object> values) {
        OtlpTelemetryConfig c = ComponentProperties.as(OtlpTelemetryConfig.class, values);
        return new ConfigurationChecks()
                .check(() -> validEndpoint(c.endpoint()), "endpoint")
                .check(() -> headers(c.headers()), "headers")
                .check(() -> checkPositive("timeout.ms", c.timeout_ms()), "timeout.ms")
                .check(() -> checkPositive("schedule.delay.ms", c.schedule_delay_ms()), "schedule.delay.ms")
                .check(() -> checkPositive("max.queue.size", c.max_queue_size()), "max.queue.size")
                .problems();
    }

    private static void checkPositive(String key, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(PID + ": " + key + " must be > 0, got " + value);
        }
    }

    private static String validEndpoint(String endpoint) {
        String e = endpoint == null ? "" : endpoint.trim();
        try {
            URI u = new URI(e);
            if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
                throw new IllegalArgumentException(PID + ": endpoint must be an http(s) URL, got '" + e + "'");
            }
            return e;
        } catch (java.net.URISyntaxException ex) {
            throw new IllegalArgumentException(PID + ": endpoint is not a URL: '" + e + "' (" + ex.getMessage() + ")",
                    ex);
        }
    }

    static Map<String, String> headers(String[] entries) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String entry : entries == null ? new String[0] : entries) {
            if (entry == null || entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(PID + ": a header must be name=value, got an entry without a name"
                        + " or '=' (value not shown)");
            }
            out.put(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim());
        }
        return out;
    }

    @Override
    public TracerProvider getTracerProvider() {
        return tracerProvider;
    }

    @Override
    public ContextPropagators getPropagators() {
        return ContextPropagators.noop();
    }

    /** Sends what is queued now; for tests and shutdown. @return true when the export finished in time */
    boolean flush(long timeoutMs) {
        return tracerProvider.forceFlush().join(timeoutMs, TimeUnit.MILLISECONDS).isSuccess();
    }

    /** Exports what is queued (up to 5 s) and stops the batch thread. */
    @Deactivate
    public void close() {
        var result = tracerProvider.shutdown().join(5, TimeUnit.SECONDS);
        if (!result.isSuccess()) {
            LOG.warn("tracing stopped; the last spans could not be sent to {} within 5 s", endpoint);
        } else {
            LOG.info("intent tracing off");
        }
    }

    /** Hands the exporter the JDK HttpClient sender of this bundle's wiring (ServiceLoader is bundle-blind). */
    private static final class JdkSenderLoader implements ComponentLoader {
        @Override
        public <T> Iterable<T> load(Class<T> spi) {
            if (spi == HttpSenderProvider.class) {
                return List.of(spi.cast(new JdkHttpSenderProvider()));
            }
            return List.of();
        }
    }
}
