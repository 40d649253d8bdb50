package mechos.kernel.internal.core;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.hal.api.ContactReading;
import mechos.hal.api.DeviceKind;
import mechos.hal.api.DriveGeometry;
import mechos.kernel.api.Clearance;
import mechos.kernel.api.ClearanceQuery;
import mechos.kernel.api.SafetyState;
import mechos.kernel.internal.hw.DeviceEntry;
import mechos.kernel.internal.hw.EStopInputs;
import mechos.kernel.internal.hw.HardwareRegistry;
import mechos.kernel.internal.policy.SafetyPolicy;

/**
 * The safety tick: its own thread at a fixed rate. Each tick looks at the motion being carried out now (not
 * only new intents) and reacts, most severe first: immediate stop (e-stop, drive gone), controlled stop
 * (obstacle, stale sensors, watchdog, dead-man), slow down (slow zone, unknown world). It never calls a driver
 * or waits: commands go to the dispatch executor.
 */
final class SafetyMonitor {
    private static final Logger LOG = LoggerFactory.getLogger(SafetyMonitor.class);
    /** Violation id of the raw-scan slow polygon (applied once per command, not compounded per tick). */
    static final String ZONE_SLOW = "clearance.zone.slow";

    enum Reaction { NONE, SLOW, CONTROLLED_STOP, IMMEDIATE_STOP }

    private final AtomicReference<KernelOptions> options;
    private final HardwareRegistry registry;
    private final SafetyStateMachine state;
    private final Motion motion;
    private final WatchdogSupervisor watchdogs;
    private final Supplier<ClearanceQuery> clearance;
    private final ZoneHits zoneHits;
    /** The command the zone's slow polygon produced last (tick thread only): slowed once, not again every tick. */
    private Motion.Command zoneSlowed;
    private final DriveCommander commander;
    private final TickRecorder recorder;
    private final AtomicLong deadManRenewed = new AtomicLong(System.nanoTime());
    private final int realtimePriority;
    private volatile boolean running;
    private final java.util.concurrent.atomic.AtomicBoolean wake = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile Thread thread;
    private long errors;

    SafetyMonitor(AtomicReference<KernelOptions> options, HardwareRegistry registry, SafetyStateMachine state,
            Motion motion, WatchdogSupervisor watchdogs, Supplier<ClearanceQuery> clearance, ZoneHits zoneHits,
            DriveCommander commander, TickRecorder recorder, int realtimePriority) {
        this.realtimePriority = realtimePriority;
        this.options = options;
        this.registry = registry;
        this.state = state;
        this.motion = motion;
        this.watchdogs = watchdogs;
        this.clearance = clearance;
        this.zoneHits = zoneHits;
        this.commander = commander;
        this.recorder = recorder;
    }

    synchronized void start() {
        running = true;
        thread = new Thread(this::loop, "mechos-safety-tick");
        thread.setDaemon(true);
        thread.setPriority(Thread.MAX_PRIORITY);
        thread.start();
    }

    synchronized void stop() {
        running = false;
        if (thread != null) {
            LockSupport.unpark(thread);
            thread = null;
        }
    }

    /** Hands this thread's Linux id to a helper that asks for SCHED_FIFO; the tick never waits for it. */
    private void requestRealtime() {
        int priority = realtimePriority;
        if (priority <= 0) {
            return;
        }
        long tid = RealtimeScheduling.currentThreadId();
        Thread helper = new Thread(() -> {
            String failure = RealtimeScheduling.promote(tid, priority);
            if (failure == null) {
                LOG.info("safety tick runs under SCHED_FIFO priority {}", priority);
            } else {
                LOG.info("safety tick keeps the normal scheduling policy: {}", failure);
            }
        }, "mechos-safety-tick-rt");
        helper.setDaemon(true);
        helper.start();
    }

    /**
     * The world changed: re-assess the current motion now, on the tick thread, instead of at the next tick (the
     * pushed stop). Never blocks the caller.
     */
    void wake() {
        Thread t = thread;
        if (t != null && !wake.getAndSet(true)) {
            LockSupport.unpark(t);
        }
    }

    void deadManRenew() {
        deadManRenewed.set(System.nanoTime());
    }

    private void loop() {
        requestRealtime();
        long next = System.nanoTime();
        while (running) {
            long period = options.get().periodNanos();
            recorder.period(period);
            next += period;
            long now;
            while ((now = System.nanoTime()) < next && running) {
                if (wake.getAndSet(false)) {
                    guardedTick(now, true);
                    continue;
                }
                LockSupport.parkNanos(this, next - now);
            }
            if (!running) {
                break;
            }
            if (now - next > period) {
                next = now; // fell behind (machine stalled): do not burst to catch up
            }
            recorder.start(now);
            wake.set(false); // this full tick sees the newest world too
            guardedTick(now, false);
            recorder.finished(System.nanoTime() - now);
        }
        LOG.debug("safety tick stopped");
    }

    private void guardedTick(long now, boolean early) {
        try {
            tick(now, early);
        } catch (RuntimeException | LinkageError | AssertionError e) {
            if (errors++ % 1000 == 0) {
                LOG.error("safety tick failed ({} failures so far); stopping motion", errors, e);
            }
            state.safeStop("safety tick failed: " + e);
            commander.stopAll("safety tick failed", null);
        }
    }

    /** One safety check of the current motion. Package-private so tests can drive it step by step. */
    void tick(long now) {
        tick(now, false);
    }

    /**
     * @param early a check between two ticks because the world changed: it may stop or slow the motion, but a
     *              controlled stop already under way ramps only on regular ticks (the ramp's step is one period)
     */
    void tick(long now, boolean early) {
        KernelOptions o = options.get();
        checkEStops();
        state.expireOverride(now);
        Motion.Command c = motion.current();
        boolean moving = c.moving();
        state.moving(moving);
        SafetyState s = state.state();
        if (s == SafetyState.ESTOP_LATCHED) {
            if (moving) {
                commander.stopAll("e-stop latched", null);
            }
            return;
        }
        if (early && s == SafetyState.SAFE_STOP) {
            return;
        }
        if (!moving) {
            if (s == SafetyState.SAFE_STOP && o.autoResume()) {
                state.maybeResume(now, o.autoResumeNanos());
            }
            return;
        }
        if (s != SafetyState.SAFE_STOP && now - c.leaseUntilNanos() >= 0) {
            LOG.info("velocity lease of intent {} expired: stopping", c.intentId());
            commander.stopAll("lease expired", c.intentId());
            return;
        }

        Reaction reaction = Reaction.NONE;
        String reason = null;
        double slowLinear = c.linear();
        double slowAngular = c.angular();

        DeviceEntry drive = registry.entry(c.driveId()).orElse(null);
        if (drive == null || !drive.present() || drive.failed()) {
            reaction = Reaction.IMMEDIATE_STOP;
            reason = "drive '" + c.driveId() + "' " + (drive == null ? "unknown" : drive.health());
        }
        if (reaction.compareTo(Reaction.CONTROLLED_STOP) < 0) {
            String stale = staleSensor(o, now);
            if (stale == null) {
                stale = watchdogs.overdue(now);
            }
            if (stale == null && o.deadManNanos() > 0 && now - deadManRenewed.get() > o.deadManNanos()) {
                stale = "operator dead-man lease not renewed for " + (now - deadManRenewed.get()) / 1_000_000 + " ms";
            }
            if (stale == null) {
                stale = bumperContact();
            }
            if (stale != null) {
                reaction = Reaction.CONTROLLED_STOP;
                reason = stale;
            }
        }
        if (reaction == Reaction.NONE) {
            ClearanceQuery q = clearance.get();
            if (q != null) {
                DriveGeometry g = drive.geometry();
                double footprint = o.zone().mapRadius(g != null ? g.footprintRadius() : o.footprintRadius());
                SafetyPolicy.Assessment a = o.policy().current(c.linear(), c.angular(),
                        ask(q, c, footprint, o.policy().horizon()), hit(c, footprint, o.policy().horizon()));
                if (a.action() == SafetyPolicy.Action.STOP) {
                    reaction = Reaction.CONTROLLED_STOP;
                    reason = a.reason();
                } else if (a.action() == SafetyPolicy.Action.SLOW
                        && !(ZONE_SLOW.equals(a.id()) && c == zoneSlowed)) {
                    reaction = Reaction.SLOW;
                    reason = a.reason();
                    slowLinear = a.linear();
                    slowAngular = a.angular();
                }
            }
        }

        switch (reaction) {
        case IMMEDIATE_STOP:
            state.safeStop(reason);
            commander.stopAll(reason, c.intentId());
            break;
        case CONTROLLED_STOP:
            state.safeStop(reason);
            ramp(o, c);
            break;
        case SLOW:
            if (s == SafetyState.SAFE_STOP) {
                ramp(o, c);
            } else {
                Motion.Command slowed = new Motion.Command(c.driveId(), slowLinear, slowAngular,
                        c.leaseUntilNanos(), c.intentId());
                if (motion.replace(c, slowed)) {
                    zoneSlowed = slowed;
                    LOG.info("slowing to ({}, {}): {}", slowLinear, slowAngular, reason);
                    commander.velocity(c.driveId(), slowLinear, slowAngular, c.intentId());
                }
            }
            break;
        default:
            if (s == SafetyState.SAFE_STOP) {
                ramp(o, c);
            }
            break;
        }
    }

    private SafetyPolicy.ZoneHit hit(Motion.Command c, double footprint, double horizon) {
        try {
            return zoneHits.at(c.linear(), c.angular(), footprint, horizon);
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("raw-scan zone failed; its polygons count as empty (the clearance query fails too: creep)", e);
            return SafetyPolicy.ZoneHit.NONE;
        }
    }

    private static Clearance ask(ClearanceQuery q, Motion.Command c, double footprint, double horizon) {
        try {
            return q.clearance(c.linear(), c.angular(), footprint, horizon);
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("clearance query failed; treating the world as unknown", e);
            return Clearance.unknown();
        }
    }

    /** One step of a controlled stop at the configured deceleration. */
    private void ramp(KernelOptions o, Motion.Command c) {
        double dt = o.periodNanos() / 1e9;
        double lin = toward0(c.linear(), o.deceleration() * dt);
        double ang = toward0(c.angular(), o.angularDeceleration() * dt);
        if (lin == 0 && ang == 0) {
            commander.stopAll("controlled stop complete", c.intentId());
        } else if (motion.replace(c, new Motion.Command(c.driveId(), lin, ang, Long.MAX_VALUE, c.intentId()))) {
            commander.rampStep(c.driveId(), lin, ang);
        }
    }

    private static double toward0(double v, double step) {
        return Math.abs(v) <= step ? 0 : v - Math.signum(v) * step;
    }

    private void checkEStops() {
        String latch = EStopInputs.assess(registry.table()).latchReason();
        if (latch != null) {
            state.latchEstop(latch);
        }
    }

    /** @return a reason when an e-stop input is pressed or broken now (a reset must wait), else null */
    String estopCause() {
        return EStopInputs.assess(registry.table()).resetBlocker();
    }

    private String staleSensor(KernelOptions o, long now) {
        for (DeviceEntry e : registry.entries()) {
            if (e.kind() == null || !o.staleKinds().contains(e.kind().prefix())) {
                continue;
            }
            if (!e.present() || e.failed()) {
                return e.kind().prefix() + " '" + e.id() + "' is " + e.health();
            }
            long last = e.lastSampleNanos();
            if (last == 0 || now - last > o.staleNanos()) {
                return "stale " + e.kind().prefix() + " '" + e.id() + "': "
                        + (last == 0 ? "no sample yet" : "last sample " + (now - last) / 1_000_000 + " ms ago");
            }
        }
        return null;
    }

    private String bumperContact() {
        for (DeviceEntry e : registry.ofKind(DeviceKind.BUMPER)) {
            if (e.latestSample() instanceof ContactReading r && r.pressed()) {
                return "bumper '" + e.id() + "' in contact";
            }
        }
        return null;
    }
}
