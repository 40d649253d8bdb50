package mechos.webconsole.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.kernel.api.Decision;
import mechos.kernel.api.DeviceInfo;
import mechos.kernel.api.Kernel;
import mechos.kernel.api.RefusedDevice;
import mechos.kernel.api.SafetyStatus;
import mechos.kernel.api.SafetyTransition;
import mechos.kernel.api.TickStats;
import mechos.memory.api.RecordingFile;
import mechos.memory.api.RecordingOptions;
import mechos.memory.api.RecordingStatus;
import mechos.runtime.api.Agent;
import mechos.runtime.api.AgentStatus;
import mechos.runtime.api.DecisionRecord;

/**
 * Builds the page's state document (safety, agent, decisions, devices, recorder) from the services that are
 * present. A missing service is shown as {@code available: false} with a reason; a service that throws (also a
 * {@link LinkageError} from a bundle updated to an incompatible API) is logged and shown the same way, so one
 * broken bundle never breaks the page.
 */
final class StateView {
    private static final Logger LOG = LoggerFactory.getLogger(StateView.class);

    private static final String RECORDINGS = "recordings";
    private static final int MAX_LISTED = 20;
    private static final long MIB = 1024 * 1024;

    private final RobotServices services;
    private final BusMonitor monitor;

    StateView(RobotServices services, BusMonitor monitor) {
        this.services = services;
        this.monitor = monitor;
    }

    Map<String, Object> state() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", System.currentTimeMillis());
        m.put("safety", guarded("safety", this::safety));
        m.put("tick", guarded("tick", this::tick));
        m.put("commanded", commanded());
        m.put("agent", guarded("agent", this::agent));
        m.put("decisions", decisions());
        m.put("transitions", transitions());
        m.put("devices", guarded("devices", this::devices));
        m.put("recorder", guarded("recorder", this::recorder));
        return m;
    }

    private static Map<String, Object> unavailable(String why) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("available", false);
        m.put("reason", why);
        return m;
    }

    private static Map<String, Object> guarded(String what, Supplier<Map<String, Object>> s) {
        try {
            return s.get();
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("reading {} for the MechOS page failed", what, e);
            return unavailable(what + " failed: " + e);
        }
    }

    private Map<String, Object> safety() {
        Optional<Kernel> k = services.kernel();
        if (k.isEmpty()) {
            return unavailable("kernel not available");
        }
        SafetyStatus s = k.get().status();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("available", true);
        m.put("state", s.state().name());
        m.put("reason", s.reason());
        m.put("since", s.sinceWallMillis());
        m.put("overrideRemainingMs", s.overrideRemainingMillis());
        m.put("moving", s.moving());
        m.put("awaitingResume", s.awaitingResume());
        // the kernel's refusals of safety configuration, then the platform's refusals by metatype bounds
        List<String> refusals = new ArrayList<>(k.get().configurationRefusals());
        services.configurationRefusals().ifPresent(r -> refusals.addAll(r.current()));
        m.put("configRefusals", refusals);
        return m;
    }

    private Map<String, Object> tick() {
        Optional<Kernel> k = services.kernel();
        if (k.isEmpty()) {
            return unavailable("kernel not available");
        }
        TickStats t = k.get().tickStats();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("available", true);
        m.put("ticks", t.ticks());
        m.put("periodMs", t.periodNanos() / 1e6);
        m.put("maxGapMs", t.maxGapNanos() / 1e6);
        m.put("p99GapMs", t.p99GapNanos() / 1e6);
        m.put("maxJitterMs", t.maxJitterNanos() / 1e6);
        m.put("maxTickMs", t.maxTickNanos() / 1e6);
        return m;
    }

    /** The last approved motion, zero once the kernel says nothing moves (e-stop, safe stop, expired lease). */
    private Map<String, Object> commanded() {
        BusMonitor.Commanded c = monitor.commanded();
        boolean moving = true;
        try {
            moving = services.kernel().map(k -> {
                SafetyStatus s = k.status();
                return s.moving() && s.state() != mechos.kernel.api.SafetyState.ESTOP_LATCHED
                        && s.state() != mechos.kernel.api.SafetyState.SAFE_STOP;
            }).orElse(true);
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("reading the kernel status failed", e);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("linear", moving ? c.linear() : 0.0);
        m.put("angular", moving ? c.angular() : 0.0);
        m.put("agentId", c.agentId());
        m.put("time", c.wallMillis());
        return m;
    }

    private Map<String, Object> agent() {
        Optional<Agent> a = services.agent();
        if (a.isEmpty()) {
            return unavailable("agent runtime not available");
        }
        AgentStatus s = a.get().status();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("available", true);
        m.put("agentId", s.agentId());
        m.put("state", s.state().name());
        m.put("reason", s.reason());
        m.put("pendingQuestion", s.pendingQuestion());
        m.put("fallbackTree", s.fallbackTree());
        m.put("decisions", s.decisions());
        m.put("llmCalls", s.llmCalls());
        m.put("tokensInWindow", s.tokensInWindow());
        m.put("costEstimate", s.costEstimate());
        AgentStatus.UsageLimits l = s.limits();
        m.put("tokenBudget", l.tokenBudget());
        m.put("tokenWindowSeconds", l.tokenWindowSeconds());
        m.put("windowRenewsInMillis", l.windowRenewsInMillis());
        m.put("requestsPerMinute", l.requestsPerMinute());
        m.put("requestsLastMinute", l.requestsLastMinute());
        m.put("provider", s.provider());
        m.put("lastInvalidReply", s.lastInvalidReply());
        List<Map<String, Object>> last = new ArrayList<>();
        List<DecisionRecord> records = new ArrayList<>(a.get().lastDecisions());
        for (int i = records.size() - 1; i >= 0 && last.size() < 15; i--) {
            DecisionRecord r = records.get(i);
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("intentId", r.intentId());
            d.put("source", r.source().name());
            d.put("intent", DecisionText.roundNumbers(r.intentJson()));
            d.put("rationale", r.rationale());
            d.put("approved", r.approved());
            d.put("verdict", DecisionText.verdict(r.approved(), r.verdict()));
            d.put("time", r.wallMillis());
            if (!DecisionText.collapse(last, d, "source", "intent", "verdict", "rationale")) {
                last.add(d);
            }
        }
        m.put("lastDecisions", last);
        return m;
    }

    private List<Map<String, Object>> decisions() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Decision d : monitor.decisions()) {
            if (out.size() >= 15) {
                break;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("intentId", d.intentId());
            m.put("agentId", d.agentId());
            m.put("intent", DecisionText.intent(d.intent()));
            m.put("approved", d.approved());
            m.put("reason", DecisionText.roundNumbers(d.reason()));
            m.put("time", d.wallMillis());
            if (!DecisionText.collapse(out, m, "agentId", "intent", "approved", "reason")) {
                out.add(m);
            }
        }
        return out;
    }

    private List<Map<String, Object>> transitions() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (SafetyTransition t : monitor.transitions()) {
            if (out.size() >= 10) {
                break;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("from", t.from().name());
            m.put("to", t.to().name());
            m.put("reason", t.reason());
            m.put("time", t.wallMillis());
            out.add(m);
        }
        return out;
    }

    private Map<String, Object> devices() {
        if (services.deviceRegistry().isEmpty()) {
            return unavailable("kernel device registry not available");
        }
        List<Map<String, Object>> list = new ArrayList<>();
        for (DeviceInfo d : services.deviceRegistry().get().devices()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", d.id());
            m.put("kind", d.kind().name());
            m.put("state", d.health().state().name());
            m.put("reason", d.health().reason());
            m.put("since", d.health().since().toEpochMilli());
            m.put("bundle", d.bundle());
            m.put("present", d.present());
            list.add(m);
        }
        // Issue 13: a service refused for a duplicate id is a row of its own (the page renders it as it is).
        for (RefusedDevice r : services.deviceRegistry().get().refused()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", r.id());
            m.put("kind", r.kind().name());
            m.put("state", "REFUSED");
            m.put("reason", r.reason());
            m.put("since", null);
            m.put("bundle", r.bundle());
            m.put("present", true);
            list.add(m);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("available", true);
        m.put("list", list);
        return m;
    }

    private Map<String, Object> recorder() {
        if (services.recorder().isEmpty()) {
            return unavailable("recorder not available");
        }
        mechos.memory.api.Recorder recorder = services.recorder().get();
        RecordingStatus s = recorder.status();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("available", true);
        m.put("recording", s.recording());
        m.put("currentFile", s.currentFile() == null ? null : s.currentFile().toString());
        List<String> files = new ArrayList<>();
        s.files().forEach(f -> files.add(f.toString()));
        m.put("files", files);
        m.put("messages", s.messages());
        m.put("bytes", s.bytes());
        m.put("dropped", s.dropped());
        m.put("failures", s.failures());
        m.put("lastError", s.lastError());
        m.put("split", s.recording() && s.options() != null ? split(s.options()) : null);
        m.put("defaultSplit", split(recorder.defaults()));
        Path dir = s.currentFile() != null ? s.currentFile().getParent()
                : !s.files().isEmpty() ? s.files().get(s.files().size() - 1).getParent()
                        : services.runDirectory().map(r -> r.resolve(RECORDINGS)).orElse(null);
        m.put("directory", dir == null ? null : dir.toString());
        // every part of the current or last recording keeps its download link however many parts it was split
        // into (up to what a download accepts), with room for the newest others (e.g. snapshots written meanwhile)
        m.put("recordings", recordings(recorder.recordings(Math.min(MAX_LISTED + s.files().size(),
                MechosPlugin.RECORDINGS_LISTED))));
        return m;
    }

    /** A recording's split settings as the page shows them: whole MiB and seconds (0: never) and a sentence. */
    static Map<String, Object> split(RecordingOptions o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bytes", o.splitBytes());
        m.put("seconds", o.splitDuration().toSeconds());
        m.put("text", splitText(o));
        return m;
    }

    /** @return e.g. "split at 512 MiB, never by time", "split at 1 MiB or every 60 s" or "never split" */
    static String splitText(RecordingOptions o) {
        long b = o.splitBytes();
        String size = b == 0 ? null : b % MIB == 0 ? "at " + b / MIB + " MiB" : "at " + b + " bytes";
        Duration d = o.splitDuration();
        String time = d.isZero() ? null : d.toMillis() % 1000 == 0 ? "every " + d.toSeconds() + " s"
                : "every " + d.toMillis() + " ms";
        if (size == null && time == null) {
            return "never split";
        }
        if (size == null) {
            return "split " + time + ", never by size";
        }
        return "split " + size + (time == null ? ", never by time" : " or " + time);
    }

    /** The newest recordings as the page shows them (file name, size, time). */
    static List<Map<String, Object>> recordings(List<RecordingFile> files) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (RecordingFile f : files) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("file", f.file().getFileName().toString());
            r.put("bytes", f.bytes());
            r.put("modified", f.modifiedMillis());
            out.add(r);
        }
        return out;
    }
}
