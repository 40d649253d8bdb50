package mechos.kernel.internal.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import mechos.hal.api.DeviceKind;
import mechos.hal.api.EndEffector;
import mechos.hal.api.Point3;
import mechos.hal.api.Relay;
import mechos.kernel.api.AgentGrant;
import mechos.kernel.api.AskHuman;
import mechos.kernel.api.BroadcastFleet;
import mechos.kernel.api.Capabilities;
import mechos.kernel.api.ClearanceQuery;
import mechos.kernel.api.Decision;
import mechos.kernel.api.DispatchOutcome;
import mechos.kernel.api.DispatchResult;
import mechos.kernel.api.Drive;
import mechos.kernel.api.Intent;
import mechos.kernel.api.IntentEvent;
import mechos.kernel.api.Kernel;
import mechos.kernel.api.KernelTopics;
import mechos.kernel.api.MessagePeer;
import mechos.kernel.api.MoveEndEffector;
import mechos.kernel.api.PostTask;
import mechos.kernel.api.SafetyRule;
import mechos.kernel.api.Stop;
import mechos.kernel.api.TriggerRelay;
import mechos.kernel.api.Violation;
import mechos.kernel.api.bus.EventBus;
import mechos.kernel.internal.hw.DeviceEntry;
import mechos.kernel.internal.hw.HardwareRegistry;
import mechos.platform.api.LogText;

/**
 * {@code submit}: capability, device, every rule; the most severe violation decides and all are reported.
 * Approved actuations are handed to the dispatch executor; nothing here waits on a driver.
 */
final class Gate {
    private static final Logger LOG = LoggerFactory.getLogger(Gate.class);
    private static final Comparator<Violation> MOST_SEVERE_FIRST = Comparator.comparing(Violation::severity)
            .reversed();

    /** A bound rule with its id read once at bind time. */
    record BoundRule(SafetyRule rule, String id) {
    }

    private final AtomicReference<KernelOptions> options;
    private final EventBus bus;
    private final HardwareRegistry registry;
    private final Capabilities capabilities;
    private final SafetyStateMachine state;
    private final Motion motion;
    private final DriveCommander commander;
    private final Supplier<ClearanceQuery> clearance;
    private final ZoneHits zoneHits;
    private final Supplier<List<BoundRule>> rules;
    private final Admission admission;
    private final String idPrefix = "in-" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36) + "-";
    private final AtomicLong sequence = new AtomicLong();

    Gate(AtomicReference<KernelOptions> options, EventBus bus, HardwareRegistry registry, Capabilities capabilities,
            SafetyStateMachine state, Motion motion, DriveCommander commander, Supplier<ClearanceQuery> clearance,
            ZoneHits zoneHits, Supplier<List<BoundRule>> rules, Admission admission) {
        this.admission = admission;
        this.options = options;
        this.bus = bus;
        this.registry = registry;
        this.capabilities = capabilities;
        this.state = state;
        this.motion = motion;
        this.commander = commander;
        this.clearance = clearance;
        this.zoneHits = zoneHits;
        this.rules = rules;
    }

    Decision submit(String agentId, Intent intent) {
        if (!admission.enter()) {
            return refusedAtShutdown(agentId, intent);
        }
        try {
            return admitted(agentId, intent);
        } finally {
            admission.exit();
        }
    }

    /** Shutdown began: the gate is closed and nothing is approved any more, not even a Stop (all stop anyway). */
    private Decision refusedAtShutdown(String agentId, Intent intent) {
        String intentId = idPrefix + Long.toString(sequence.incrementAndGet(), 36);
        List<Violation> v = new ArrayList<>(1);
        v.add(Violation.critical("kernel.shutdown", "the kernel is shutting down; no intent is approved any more"));
        Decision d = decision(intentId, agentId, intent, v);
        publish(() -> bus.publish(KernelTopics.DECISIONS, d, intentId));
        LOG.debug("refused {} from {}: kernel shutting down", LogText.cap(intent), agentId);
        return d;
    }

    private Decision admitted(String agentId, Intent intent) {
        String intentId = idPrefix + Long.toString(sequence.incrementAndGet(), 36);
        MDC.put(Kernel.MDC_INTENT_ID, intentId);
        MDC.put(Kernel.MDC_AGENT_ID, String.valueOf(agentId));
        try {
            publish(() -> bus.publish(KernelTopics.INTENTS,
                    new IntentEvent(intentId, agentId, intent, System.currentTimeMillis()), intentId));
            DeviceEntry[] target = new DeviceEntry[1];
            Decision decided = decide(agentId, intent, intentId, target);
            boolean admit = decided.approved() && moves(intent);
            Decision d = admit ? admitMotion(decided, target[0]) : decided; // admitMotion publishes and executes
            if (!admit) {
                publish(() -> bus.publish(KernelTopics.DECISIONS, d, intentId));
                if (d.approved()) {
                    if (LOG.isDebugEnabled()) {
                        LOG.debug("approved {} from {}", LogText.cap(intent), agentId);
                    }
                    execute(d, target[0]);
                }
            }
            if (!d.approved()) {
                LOG.info("rejected {} from {}: {}", LogText.cap(intent), agentId, LogText.cap(d.reason()));
            }
            return d;
        } finally {
            MDC.remove(Kernel.MDC_INTENT_ID);
            MDC.remove(Kernel.MDC_AGENT_ID);
        }
    }

    /** A new motion command: a non-zero Drive or an end effector move. */
    private static boolean moves(Intent intent) {
        return intent instanceof Drive d ? d.linear() != 0 || d.angular() != 0 : intent instanceof MoveEndEffector;
    }

    /**
     * Publishes and dispatches an approved motion only if the safety state still permits it, under the state lock:
     * an e-stop or shutdown between the assessment and the dispatch turns the decision into a rejection instead.
     */
    private Decision admitMotion(Decision d, DeviceEntry target) {
        boolean operator = options.get().operatorAgents().contains(Kernel.agentOf(d.agentId()));
        boolean admitted = state.admitMotion(operator, () -> {
            publish(() -> bus.publish(KernelTopics.DECISIONS, d, d.intentId()));
            if (LOG.isDebugEnabled()) {
                LOG.debug("approved {} from {}", LogText.cap(d.intent()), d.agentId());
            }
            execute(d, target);
        });
        if (admitted) {
            return d;
        }
        List<Violation> v = new ArrayList<>(d.violations());
        v.add(Violation.critical("interlock.state_changed", "the safety state changed to " + state.state()
                + (state.status().awaitingResume() ? " (awaiting resume)" : "") + " while the intent was assessed"));
        Decision rejected = decision(d.intentId(), d.agentId(), d.intent(), v);
        publish(() -> bus.publish(KernelTopics.DECISIONS, rejected, d.intentId()));
        return rejected;
    }

    private Decision decide(String agentId, Intent intent, String intentId, DeviceEntry[] targetOut) {
        List<Violation> v = new ArrayList<>(4);
        if (intent == null) {
            v.add(Violation.critical("intent.null", "no intent given"));
            return decision(intentId, agentId, null, v);
        }
        KernelOptions o = options.get();
        Optional<AgentGrant> grant = capabilities.grant(agentId);
        DeviceEntry target = null;
        if (grant.isEmpty()) {
            v.add(Violation.reject("capability", "agent '" + agentId
                    + "' holds no capabilities (unknown agent, or the grant file was rejected)"));
        }
        String capability = null;
        if (intent instanceof Drive drive) {
            target = resolveDrive(o, v);
            if (target != null) {
                capability = DeviceKind.DRIVE_BASE.prefix() + ":" + target.id();
            }
            grant.ifPresent(g -> {
                if (Math.abs(drive.linear()) > g.maxLinear()) {
                    v.add(Violation.reject("grant.linear", "agent '" + agentId + "' may drive at most "
                            + g.maxLinear() + " m/s, asked " + drive.linear()));
                }
                if (Math.abs(drive.angular()) > g.maxAngular()) {
                    v.add(Violation.reject("grant.angular", "agent '" + agentId + "' may turn at most "
                            + g.maxAngular() + " rad/s, asked " + drive.angular()));
                }
            });
        } else if (intent instanceof MoveEndEffector m) {
            target = resolveDevice(m.device(), DeviceKind.END_EFFECTOR, v);
            capability = DeviceKind.END_EFFECTOR.prefix() + ":" + m.device();
        } else if (intent instanceof TriggerRelay r) {
            target = resolveDevice(r.relay(), DeviceKind.RELAY, v);
            capability = DeviceKind.RELAY.prefix() + ":" + r.relay();
        } else if (intent instanceof AskHuman) {
            capability = Capabilities.HUMAN_ASK;
        } else if (intent instanceof MessagePeer) {
            capability = Capabilities.FLEET_MESSAGE;
        } else if (intent instanceof BroadcastFleet) {
            capability = Capabilities.FLEET_BROADCAST;
        } else if (intent instanceof PostTask) {
            capability = Capabilities.TASKS_POST;
        }
        if (grant.isPresent() && capability != null && !capabilities.permits(agentId, capability)) {
            v.add(Violation.reject("capability", "agent '" + agentId + "' lacks capability '" + capability + "'"));
        }
        if (!(intent instanceof Stop)) {
            List<BoundRule> active = rules.get();
            if (IntentActionOf.actuation(intent) && o.envelopeProblem() != null) {
                v.add(Violation.critical("envelope.refused", "the safety envelope file was refused: "
                        + o.envelopeProblem()));
            }
            if (IntentActionOf.actuation(intent)) {
                Set<String> present = new HashSet<>();
                active.forEach(r -> present.add(r.id()));
                for (String required : o.requiredRules()) {
                    if (!present.contains(required)) {
                        v.add(Violation.critical("rule.missing", "required safety rule '" + required
                                + "' is not active; no actuation until it is"));
                    }
                }
            }
            boolean operator = o.operatorAgents().contains(Kernel.agentOf(agentId)); // "operator:alice" too
            boolean zeroDrive = intent instanceof Drive z && z.linear() == 0 && z.angular() == 0;
            if (IntentActionOf.actuation(intent) && !zeroDrive && !operator && state.status().awaitingResume()) {
                v.add(Violation.reject("interlock.awaiting_resume", "e-stop was reset; autonomy is paused until an"
                        + " operator resumes it (console Resume autonomy, mechos:resumeAutonomy)"));
            }
            DeviceEntry drive = intent instanceof Drive ? target : null;
            RuleContextImpl ctx = new RuleContextImpl(agentId, operator, intentId,
                    state.status(), motion.current(), registry, clearance, drive, o.footprintRadius(), o.policy(),
                    o.zone(), zoneHits);
            for (BoundRule r : active) {
                try {
                    List<Violation> found = r.rule().check(intent, ctx);
                    if (found != null) {
                        v.addAll(found);
                    }
                } catch (RuntimeException | LinkageError | AssertionError e) {
                    LOG.warn("safety rule {} threw; rejecting (fail safe)", r.id(), e);
                    v.add(Violation.critical(r.id() + ".error", "safety rule '" + r.id() + "' failed: " + e));
                }
            }
        }
        targetOut[0] = target;
        return decision(intentId, agentId, intent, v);
    }

    private static Decision decision(String intentId, String agentId, Intent intent, List<Violation> v) {
        v.sort(MOST_SEVERE_FIRST);
        boolean approved = v.stream().noneMatch(x -> x.severity().rejects());
        return new Decision(intentId, agentId, intent, approved, v, System.currentTimeMillis());
    }

    private DeviceEntry resolveDrive(KernelOptions o, List<Violation> v) {
        if (!o.driveDevice().isEmpty()) {
            return resolveDevice(o.driveDevice(), DeviceKind.DRIVE_BASE, v);
        }
        List<DeviceEntry> drives = registry.ofKind(DeviceKind.DRIVE_BASE);
        List<DeviceEntry> present = drives.stream().filter(DeviceEntry::present).toList();
        List<DeviceEntry> candidates = present.isEmpty() ? drives : present;
        if (candidates.size() == 1) {
            return resolveDevice(candidates.get(0).id(), DeviceKind.DRIVE_BASE, v);
        }
        v.add(Violation.reject("device.unknown", candidates.isEmpty() ? "no drive base is registered"
                : "several drive bases are registered; configure drive_device in mechos.kernel"));
        return null;
    }

    private DeviceEntry resolveDevice(String id, DeviceKind kind, List<Violation> v) {
        Optional<DeviceEntry> e = registry.entry(id);
        if (e.isEmpty()) {
            v.add(Violation.reject("device.unknown", "no " + kind.prefix() + " device '" + id + "' is registered"));
            return null;
        }
        DeviceEntry entry = e.get();
        if (entry.kind() != kind) {
            v.add(Violation.reject("device.kind", "device '" + id + "' is a " + entry.kind() + ", not a " + kind));
            return null;
        }
        if (!entry.usable()) {
            v.add(Violation.reject("device.unavailable", "device '" + id + "' is " + entry.health()));
        }
        return entry;
    }

    private void execute(Decision d, DeviceEntry target) {
        String id = d.intentId();
        Intent intent = d.intent();
        if (intent instanceof Drive drive) {
            String driveId = target.id();
            if (drive.linear() == 0 && drive.angular() == 0) {
                motion.idle();
            } else {
                motion.set(new Motion.Command(driveId, drive.linear(), drive.angular(),
                        System.nanoTime() + options.get().leaseNanos(), id));
                state.moving(true);
            }
            commander.velocity(driveId, drive.linear(), drive.angular(), id);
        } else if (intent instanceof Stop s) {
            commander.stopAll("stop intent" + (s.reason() == null ? "" : ": " + s.reason()), id);
        } else if (intent instanceof TriggerRelay r) {
            registry.command(r.relay(), Relay.class, "set(" + r.state() + ")", id, false,
                    admission.guard(x -> x.set(r.state())), null);
        } else if (intent instanceof MoveEndEffector m) {
            Point3 p = new Point3(m.x(), m.y(), m.z());
            registry.command(m.device(), EndEffector.class, "moveTo(" + p + ")", id, false,
                    admission.guard(x -> x.moveTo(p)), null);
        } else {
            publish(() -> bus.publish(KernelTopics.DISPATCH, new DispatchResult(id, null,
                    IntentActionOf.wireName(intent), DispatchOutcome.PUBLISHED, "", 0), id));
        }
    }

    private static void publish(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("publishing on the bus failed", e);
        }
    }
}
