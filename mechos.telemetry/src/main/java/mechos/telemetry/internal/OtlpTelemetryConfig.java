package mechos.telemetry.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "MechOS tracing: OTLP exporter",
        description = "Sends intent traces (LLM reply → gate → driver call, keyed by intent id) to an OpenTelemetry"
                + " collector over OTLP/HTTP. Tracing is off while this configuration does not exist.")
public @interface OtlpTelemetryConfig {
    @AttributeDefinition(name = "Endpoint",
            description = "OTLP/HTTP traces URL of the collector, e.g. http://127.0.0.1:4318/v1/traces.")
    String endpoint() default "http://127.0.0.1:4318/v1/traces";

    @AttributeDefinition(name = "Service name", description = "service.name resource attribute of every span.")
    String service_name() default "mechos";

    @AttributeDefinition(name = "Export timeout (ms)", description = "Per export request.")
    long timeout_ms() default 10000;

    @AttributeDefinition(name = "Batch delay (ms)", description = "How long finished spans wait to be batched.")
    long schedule_delay_ms() default 1000;

    @AttributeDefinition(name = "Queue size", description = "Finished spans kept while the collector is slow or"
            + " down; more are dropped (and counted by the SDK), never blocking the robot.")
    int max_queue_size() default 2048;

    @AttributeDefinition(name = "Headers", description = "Extra request headers as name=value (e.g. an API key"
            + " for a hosted collector). Values are never logged.")
    String[] headers() default {};
}
