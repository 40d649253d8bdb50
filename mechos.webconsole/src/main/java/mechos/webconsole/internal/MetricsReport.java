package mechos.webconsole.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.hal.api.HealthState;
import mechos.kernel.api.DeviceInfo;
import mechos.kernel.api.DispatchOutcome;
import mechos.kernel.api.Kernel;
import mechos.kernel.api.SafetyState;
import mechos.kernel.api.SafetyStatus;
import mechos.kernel.api.TickStats;
import mechos.kernel.api.bus.SubscriberStats;
import mechos.memory.api.EpisodicMemory;
import mechos.memory.api.StoreHealth;
import mechos.memory.api.TaskBoard;
import mechos.perception.api.MapStats;
import mechos.perception.api.OccupancyMap;
import mechos.runtime.api.Agent;
import mechos.runtime.api.AgentState;
import mechos.runtime.api.AgentStatus;

/**
 * The robot's metrics in Prometheus text format and as a small summary for the page. Read from the services'
 * APIs at scrape time ({@link Kernel#tickStats()}, the bus's {@code stats()}, the agent status, device health,
 * store health) plus what {@link BusMonitor} and {@link MemoryProbe} measure. A family whose source service is
 * absent is simply not written (Prometheus treats that as a missing series, not as zero).
 */
final class MetricsReport {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsReport.class);

    private final RobotServices services;
    private final BusMonitor monitor;
    private final MemoryProbe memoryProbe;
    private final JvmMetrics jvm;
    private final BatteryGauges batteries;
    private final FleetGauges fleet;

    MetricsReport(RobotServices services, BusMonitor monitor, MemoryProbe memoryProbe) {
        this(services, monitor, memoryProbe, new JvmMetrics("unknown"));
    }

    MetricsReport(RobotServices services, BusMonitor monitor, MemoryProbe memoryProbe, JvmMetrics jvm) {
        this(services, monitor, memoryProbe, jvm, null);
    }

    /** @param batteries the battery gauges, or null to write no battery metrics */
    MetricsReport(RobotServices services, BusMonitor monitor, MemoryProbe memoryProbe, JvmMetrics jvm,
            BatteryGauges batteries) {
        this(services, monitor, memoryProbe, jvm, batteries, null);
    }

    /**
     * @param batteries the battery gauges, or null to write no battery metrics
     * @param fleet     the fleet link's gauges, or null to write no fleet metrics
     */
    MetricsReport(RobotServices services, BusMonitor monitor, MemoryProbe memoryProbe, JvmMetrics jvm,
            BatteryGauges batteries, FleetGauges fleet) {
        this.jvm = jvm;
        this.batteries = batteries;
        this.fleet = fleet;
        this.services = services;
        this.monitor = monitor;
        this.memoryProbe = memoryProbe;
    }

    String prometheus() {
        PrometheusText p = new PrometheusText();
        p.family("mechos_up", "gauge", "1 while the MechOS metrics endpoint answers").sample(1);
        p.family("mechos_service_present", "gauge", "1 when the named robot service is registered")
                .sample(services.kernel().isPresent() ? 1 : 0, "service", "kernel")
                .sample(monitor.busPresent() ? 1 : 0, "service", "event_bus")
                .sample(services.agent().isPresent() ? 1 : 0, "service", "agent")
                .sample(services.worldModel().isPresent() ? 1 : 0, "service", "world_model")
                .sample(services.occupancyMap().isPresent() ? 1 : 0, "service", "occupancy_map")
                .sample(services.episodicMemory().isPresent() ? 1 : 0, "service", "episodic_memory")
                .sample(services.recorder().isPresent() ? 1 : 0, "service", "recorder");
        guarded("kernel", () -> kernel(p));
        guarded("bus", () -> bus(p));
        guarded("agent", () -> agent(p));
        guarded("devices", () -> devices(p));
        guarded("memory", () -> memory(p));
        guarded("perception", () -> perception(p));
        guarded("jvm", () -> jvm.write(p));
        if (batteries != null) {
            guarded("battery", () -> batteries.write(p));
        }
        if (fleet != null) {
            guarded("fleet", () -> fleet.write(p));
        }
        return p.toString();
    }

    private static void guarded(String what, Runnable r) {
        try {
            r.run();
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("collecting {} metrics failed", what, e);
        }
    }

    private void kernel(PrometheusText p) {
        p.histogram("mechos_kernel_decision_latency_seconds",
                "Time from an intent reaching the kernel gate to its decision (bus publish times)",
                monitor.gateLatency());
        p.family("mechos_kernel_decisions_total", "counter", "Kernel decisions seen since the console started")
                .sample(monitor.approvedCount(), "result", "approved")
                .sample(monitor.rejectedCount(), "result", "rejected");
        p.histogram("mechos_kernel_dispatch_latency_seconds",
                "Time from hand-off to the dispatch executor to the driver returning", monitor.dispatchLatency());
        Map<DispatchOutcome, Long> outcomes = monitor.dispatchOutcomes();
        p.family("mechos_kernel_dispatch_total", "counter", "Driver commands by outcome");
        for (DispatchOutcome o : DispatchOutcome.values()) {
            p.sample(outcomes.getOrDefault(o, 0L), "outcome", o.name());
        }
        Optional<Kernel> k = services.kernel();
        if (k.isEmpty()) {
            return;
        }
        SafetyStatus s = k.get().status();
        p.family("mechos_safety_state", "gauge", "1 for the kernel's current safety state");
        for (SafetyState st : SafetyState.values()) {
            p.sample(st == s.state() ? 1 : 0, "state", st.name());
        }
        p.family("mechos_safety_moving", "gauge", "1 while a non-zero velocity is commanded").sample(s.moving() ? 1 : 0);
        p.family("mechos_config_refused", "gauge",
                "Components whose newest configuration the safety envelope refused (they keep their last good values)")
                .sample(k.get().configurationRefusals().size());
        TickStats t = k.get().tickStats();
        p.family("mechos_safety_ticks_total", "counter", "Safety monitor ticks since start or the last reset")
                .sample(t.ticks());
        p.family("mechos_safety_tick_period_seconds", "gauge", "Configured safety tick period")
                .sample(t.periodNanos() / 1e9);
        p.family("mechos_safety_tick_gap_max_seconds", "gauge", "Largest gap between consecutive tick starts")
                .sample(t.maxGapNanos() / 1e9);
        p.family("mechos_safety_tick_gap_p99_seconds", "gauge", "99th percentile tick gap over the recent window")
                .sample(t.p99GapNanos() / 1e9);
        p.family("mechos_safety_tick_jitter_max_seconds", "gauge", "Largest |gap - period| seen")
                .sample(t.maxJitterNanos() / 1e9);
        p.family("mechos_safety_tick_duration_max_seconds", "gauge", "Longest time one tick's checks took")
                .sample(t.maxTickNanos() / 1e9);
    }

    private void bus(PrometheusText p) {
        if (!monitor.busPresent()) {
            return;
        }
        var stats = monitor.busStats();
        p.family("mechos_bus_queue_depth", "gauge", "Messages waiting in a subscriber's queue");
        stats.forEach(s -> p.sample(s.queued(), labels(s)));
        p.family("mechos_bus_queue_capacity", "gauge", "Capacity of a subscriber's queue");
        stats.forEach(s -> p.sample(s.capacity(), labels(s)));
        p.family("mechos_bus_delivered_total", "counter", "Messages handed to a subscriber");
        stats.forEach(s -> p.sample(s.delivered(), labels(s)));
        p.family("mechos_bus_dropped_total", "counter", "RELIABLE messages dropped because the queue was full");
        stats.forEach(s -> p.sample(s.dropped(), labels(s)));
        p.family("mechos_bus_conflated_total", "counter", "LATEST messages replaced before delivery");
        stats.forEach(s -> p.sample(s.conflated(), labels(s)));
        p.family("mechos_bus_subscriber_failures_total", "counter", "Times a subscriber threw");
        stats.forEach(s -> p.sample(s.failures(), labels(s)));
    }

    private static String[] labels(SubscriberStats s) {
        return new String[] { "subscriber", s.name(), "topic", s.topic() };
    }

    private void agent(PrometheusText p) {
        p.histogram("mechos_llm_wait_seconds",
                "Time the agent spent in WAITING_FOR_LLM per decision (from agent status transitions on the bus)",
                monitor.llmWait());
        Optional<Agent> a = services.agent();
        if (a.isEmpty()) {
            return;
        }
        AgentStatus s = a.get().status();
        p.family("mechos_agent_state", "gauge", "1 for the agent loop's current state");
        for (AgentState st : AgentState.values()) {
            p.sample(st == s.state() ? 1 : 0, "state", st.name());
        }
        p.family("mechos_agent_decisions_total", "counter", "Agent decisions since activation (LLM and fallback)")
                .sample(s.decisions());
        p.family("mechos_llm_calls_total", "counter", "LLM calls since the agent's activation").sample(s.llmCalls());
        p.family("mechos_llm_tokens_in_window", "gauge", "LLM tokens counted in the current budget window")
                .sample(s.tokensInWindow());
        p.family("mechos_llm_cost_estimate", "gauge", "Estimated LLM cost since activation (configured currency)")
                .sample(s.costEstimate());
        AgentStatus.UsageLimits l = s.limits();
        p.family("mechos_llm_token_budget", "gauge", "LLM tokens allowed per budget window (0 = no budget)")
                .sample(l.tokenBudget());
        p.family("mechos_llm_requests_last_minute", "gauge", "LLM requests in the last 60 s").sample(l.requestsLastMinute());
        p.family("mechos_llm_requests_per_minute_limit", "gauge", "LLM requests allowed per minute (0 = no limit)")
                .sample(l.requestsPerMinute());
        p.family("mechos_agent_question_pending", "gauge", "1 while an AskHuman question waits for an answer")
                .sample(s.pendingQuestion() == null ? 0 : 1);
    }

    private void devices(PrometheusText p) {
        if (services.deviceRegistry().isEmpty()) {
            return;
        }
        var devices = services.deviceRegistry().get().devices();
        p.family("mechos_device_health", "gauge", "1 for each device's current health state");
        for (DeviceInfo d : devices) {
            for (HealthState h : HealthState.values()) {
                p.sample(d.health().state() == h ? 1 : 0, "device", d.id(), "kind", d.kind().name(), "state",
                        h.name());
            }
        }
        p.family("mechos_device_present", "gauge", "1 while the device's driver service is registered");
        for (DeviceInfo d : devices) {
            p.sample(d.present() ? 1 : 0, "device", d.id(), "kind", d.kind().name(), "bundle", d.bundle());
        }
    }

    private void memory(PrometheusText p) {
        Optional<EpisodicMemory> m = services.episodicMemory();
        m.ifPresent(memoryProbe::maybeProbe);
        p.histogram("mechos_memory_store_latency_seconds",
                "Round trip of a count query through the episodic store's executor and SQLite (probed by the console)",
                memoryProbe.latency());
        p.family("mechos_memory_probe_failures_total", "counter", "Memory probes that failed")
                .sample(memoryProbe.failures());
        p.family("mechos_memory_store_ok", "gauge", "1 when the store is OK, 0 when DEGRADED");
        m.ifPresent(mem -> p.sample(ok(mem.health()), "store", "episodic"));
        services.taskBoard().map(TaskBoard::health).ifPresent(h -> p.sample(ok(h), "store", "tasks"));
        if (memoryProbe.episodes() >= 0) {
            p.family("mechos_memory_episodes", "gauge", "Episodes in episodic memory (last probe)")
                    .sample(memoryProbe.episodes());
        }
    }

    private static int ok(StoreHealth h) {
        return h.isOk() ? 1 : 0;
    }

    private void perception(PrometheusText p) {
        Optional<OccupancyMap> m = services.occupancyMap();
        if (m.isEmpty()) {
            return;
        }
        MapStats s = m.get().stats();
        p.family("mechos_map_scans_inserted_total", "counter", "LiDAR scans integrated into the octree")
                .sample(s.scansInserted());
        p.family("mechos_map_nodes", "gauge", "Octree nodes").sample(s.nodes());
        p.family("mechos_map_scans_rejected_total", "counter", "LiDAR scans rejected by the map")
                .sample(m.get().inputStats().totalRejected());
    }

    /** A few headline figures for the page. */
    Map<String, Object> summary() {
        Map<String, Object> m = new LinkedHashMap<>();
        Histogram.Snapshot gate = monitor.gateLatency();
        m.put("decisionLatencyMeanMs", gate.mean() * 1e3);
        m.put("decisionLatencyMaxMs", gate.max() * 1e3);
        m.put("decisions", gate.count());
        Histogram.Snapshot dispatch = monitor.dispatchLatency();
        m.put("dispatchLatencyMeanMs", dispatch.mean() * 1e3);
        Histogram.Snapshot llm = monitor.llmWait();
        m.put("llmWaitMeanMs", llm.mean() * 1e3);
        m.put("llmWaitMaxMs", llm.max() * 1e3);
        Histogram.Snapshot mem = memoryProbe.latency();
        m.put("memoryLatencyMeanMs", mem.mean() * 1e3);
        m.put("memoryEpisodes", memoryProbe.episodes());
        long queued = 0;
        long dropped = 0;
        for (SubscriberStats s : monitor.busStats()) {
            queued += s.queued();
            dropped += s.dropped();
        }
        m.put("busQueued", queued);
        m.put("busDropped", dropped);
        services.episodicMemory().ifPresent(memoryProbe::maybeProbe);
        return m;
    }
}
