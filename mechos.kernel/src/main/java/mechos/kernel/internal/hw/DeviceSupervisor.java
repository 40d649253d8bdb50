package mechos.kernel.internal.hw;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.hal.api.Actuator;
import mechos.hal.api.ContactReading;
import mechos.hal.api.Device;
import mechos.hal.api.DeviceHealth;
import mechos.hal.api.DeviceKind;
import mechos.hal.api.DriveBase;
import mechos.hal.api.DriveGeometry;
import mechos.hal.api.EndEffector;
import mechos.hal.api.SensorSource;
import mechos.hal.api.Subscription;
import mechos.kernel.api.DispatchResult;
import mechos.kernel.api.EffectorLimits;
import mechos.kernel.api.KernelTopics;
import mechos.kernel.api.RefusedDevice;
import mechos.kernel.api.bus.EventBus;
import mechos.kernel.internal.hw.DeviceTransitions.Step;

/**
 * Supervision: owns the device table and is the only writer of it. Every change goes through one
 * {@link DeviceTransitions} function applied atomically to the table; its consequences (bus, kernel listeners,
 * a safe-state attempt) follow. Polls the drivers' health, classifies failed calls, handles late returns, takes
 * sensor samples and pushes an e-stop press to the kernel at once (it does not wait for the tick).
 *
 * <p>Thread-free by construction: calls into drivers go through a {@link DriverCalls}, time comes from a clock,
 * and polling is a method the registry's timer calls; tests step it by hand.
 */
final class DeviceSupervisor {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceSupervisor.class);

    private final AtomicReference<DeviceTable> table = new AtomicReference<>(DeviceTable.EMPTY);
    private final List<RegistryListener> listeners = new CopyOnWriteArrayList<>();
    /** Sensor subscriptions by device id, with the service they belong to. */
    private final ConcurrentHashMap<String, Subscribed> subscriptions = new ConcurrentHashMap<>();
    private final EventBus bus;
    private final DriverCalls calls;
    private final LongSupplier deadlineNanos;
    private final LongSupplier clock;

    private record Subscribed(Device service, Subscription subscription) {
    }

    DeviceSupervisor(EventBus bus, DriverCalls calls, LongSupplier deadlineNanos, LongSupplier clock) {
        this.bus = bus;
        this.calls = calls;
        this.deadlineNanos = deadlineNanos;
        this.clock = clock;
    }

    DeviceTable table() {
        return table.get();
    }

    void addListener(RegistryListener l) {
        listeners.add(l);
    }

    void removeListener(RegistryListener l) {
        listeners.remove(l);
    }

    /**
     * Applies one transition to the entry under {@code id} atomically, then its consequences. The transition may
     * run more than once when another change wins the race, so it must be pure (never call a driver in it).
     */
    Step apply(String id, Function<DeviceEntry, Step> transition) {
        while (true) {
            DeviceTable t = table.get();
            Step s = transition.apply(t.get(id));
            if (!s.applied()) {
                return s;
            }
            if (table.compareAndSet(t, t.with(s.after()))) {
                if (s.change() != null) {
                    changed(s.after(), s.change());
                }
                if (s.safeState() && s.after().service() instanceof Actuator a) {
                    // One attempt to leave it safe; a hung driver gets its stops through the safety path.
                    calls.submit(a, id, "toSafeState (fault)", null, deadlineNanos.getAsLong(), Actuator::toSafeState,
                            this::publishResult, null);
                }
                return s;
            }
        }
    }

    // --- tracking events ----------------------------------------------------------------------------------

    /** A service refused because another present service owns its id; it takes over if the owner goes away. */
    private record Contender(DeviceKind kind, Device service, String bundle) {
    }

    /** Refused duplicates by id, in arrival order (issue 13: the registry silently kept the later one). */
    private final Map<String, List<Contender>> refused = new ConcurrentHashMap<>();

    /** @return one line per refused duplicate, e.g. for the status page */
    List<String> duplicates() {
        List<String> out = new ArrayList<>();
        refused.forEach((id, list) -> {
            DeviceEntry owner = table.get().get(id);
            for (Contender c : list) {
                out.add("device id '" + id + "': " + c.kind() + " from bundle " + c.bundle() + " refused; owned by "
                        + (owner == null ? "nobody" : owner.kind() + " from bundle " + owner.bundle()));
            }
        });
        return out;
    }

    /** @return every refused duplicate with its owner, sorted by id */
    List<RefusedDevice> refused() {
        List<RefusedDevice> out = new ArrayList<>();
        refused.forEach((id, list) -> {
            DeviceEntry owner = table.get().get(id);
            for (Contender c : list) {
                out.add(new RefusedDevice(id, c.kind(), c.bundle() == null ? "" : c.bundle(),
                        owner == null ? c.kind() : owner.kind(),
                        owner == null || owner.bundle() == null ? "" : owner.bundle()));
            }
        });
        out.sort(java.util.Comparator.comparing(RefusedDevice::id));
        return out;
    }

    void attach(String id, DeviceKind kind, Device d, String bundle) {
        DeviceEntry current = table.get().get(id);
        if (current != null && current.present() && current.service() != null && current.service() != d) {
            // One owner per id: the first keeps it, the second is refused and reported (issue 13 defect 4).
            refused.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>())
                    .add(new Contender(kind, d, bundle));
            LOG.warn("duplicate device id '{}': {} from bundle {} is refused, the id is owned by {} from bundle {}; "
                    + "give one of them another mechos.device.id (or choose one hardware profile)", id, kind, bundle,
                    current.kind(), current.bundle());
            return;
        }
        Step s = apply(id, e -> DeviceTransitions.attach(e, id, kind, d, bundle));
        if (!s.applied()) {
            LOG.debug("device {} already attached with this service", id);
            return;
        }
        LOG.info("device {} ({}) attached from bundle {}", id, kind, bundle);
        describe(id, d);
        readHealth(id, d); // at once, not at the next poll: a driver may register before it is connected
    }

    /** @return true when {@code d} was the bound service and is now detached */
    boolean detach(String id, Device d) {
        Step s = apply(id, e -> DeviceTransitions.detach(e, d));
        if (!s.applied()) {
            return false;
        }
        Subscribed sub = subscriptions.get(id);
        if (sub != null && sub.service() == d && subscriptions.remove(id, sub)) {
            calls.submit(d, id, "unsubscribe", null, deadlineNanos.getAsLong(), x -> sub.subscription().close(),
                    r -> { }, null);
        }
        if (d instanceof Actuator a && !s.before().hung()) {
            // best effort while the service object is still usable
            calls.submit(a, id, "toSafeState (removed)", null, deadlineNanos.getAsLong(), Actuator::toSafeState,
                    this::publishResult, null);
        }
        LOG.info("device {} ({}) removed: OFFLINE", id, s.after().kind());
        List<Contender> waiting = refused.get(id);
        if (waiting != null && !waiting.isEmpty()) {
            Contender next = waiting.remove(0);
            LOG.warn("device id '{}': its owner left; the refused {} from bundle {} takes it over", id, next.kind(),
                    next.bundle());
            attach(id, next.kind(), next.service(), next.bundle());
        }
        return true;
    }

    /**
     * The device's configuration was removed on purpose (the operator deleted it): detach it like any removal (best
     * effort safe state), then forget the id, so it is not reported as a failed device until a restart.
     *
     * @return true when {@code d} was the bound service and its entry is gone
     */
    boolean forget(String id, Device d) {
        if (!detach(id, d)) {
            return false;
        }
        DeviceEntry gone = null;
        while (true) {
            DeviceTable t = table.get();
            DeviceEntry e = t.get(id);
            if (e == null || e.present()) {
                break; // a contender took the id over: keep it
            }
            if (table.compareAndSet(t, t.without(id))) {
                gone = e;
                break;
            }
        }
        if (gone != null) {
            LOG.info("device {} ({}) forgotten: its configuration was removed", id, gone.kind());
            notifyListeners(gone, "forgotten: configuration removed");
        }
        return gone != null;
    }

    /** Forgets a refused duplicate whose service went away. @return true when {@code d} was one */
    boolean dropRefused(Device d) {
        boolean found = false;
        for (List<Contender> list : refused.values()) {
            found |= list.removeIf(c -> c.service() == d);
        }
        refused.values().removeIf(List::isEmpty);
        return found;
    }

    /** Reads what rules need from the driver once, off the caller's thread, and subscribes to its samples. */
    @SuppressWarnings({ "unchecked", "rawtypes" })
    private void describe(String id, Device d) {
        long deadline = deadlineNanos.getAsLong();
        if (d instanceof DriveBase drive) {
            calls.submit(drive, id, "geometry", null, deadline,
                    x -> {
                        DriveGeometry g = x.geometry(); // the driver is called once, outside the retried transition
                        apply(id, e -> DeviceTransitions.geometry(e, d, g));
                    },
                    r -> onResult(id, d, r), () -> lateReturn(id, d));
        }
        if (d instanceof EndEffector eff) {
            calls.submit(eff, id, "workspace", null, deadline,
                    x -> {
                        EffectorLimits limits = new EffectorLimits(x.frameId(), x.workspace(), x.maxSpeed());
                        apply(id, e -> DeviceTransitions.effector(e, d, limits));
                    },
                    r -> onResult(id, d, r), () -> lateReturn(id, d));
        }
        if (d instanceof SensorSource source) {
            calls.submit(d, id, "subscribe", null, deadline, x -> {
                Subscription sub = source.subscribe(sample -> onSample(id, d, sample));
                DeviceEntry now = table.get().get(id);
                if (now != null && now.present() && now.service() == d) {
                    Subscribed old = subscriptions.put(id, new Subscribed(d, sub));
                    if (old != null && old.service() != d) {
                        old.subscription().close();
                    }
                } else {
                    sub.close();
                }
            }, r -> onResult(id, d, r), () -> lateReturn(id, d));
        }
    }

    /** A sample from a driver's thread: stored, and an e-stop press or bumper contact is pushed at once. */
    void onSample(String id, Device d, Object sample) {
        long now = clock.getAsLong();
        Step s = apply(id, e -> DeviceTransitions.sample(e, d, sample, now));
        if (!s.applied()) {
            return;
        }
        DeviceEntry e = s.after();
        EStopInputs.Assessment estop = EStopInputs.assess(e);
        if (estop.pressed()) {
            for (RegistryListener l : listeners) {
                try {
                    l.estopPressed(estop);
                } catch (RuntimeException ex) {
                    LOG.warn("registry listener failed on e-stop {}", id, ex);
                }
            }
        } else if (sample instanceof ContactReading c && c.pressed()) {
            notifyListeners(e, "bumper contact");
        }
    }

    // --- health polling and call results ----------------------------------------------------------------

    /** Asks every callable driver for its health (the registry's timer calls this). */
    void pollHealth() {
        for (DeviceEntry e : table.get().entries()) {
            Device d = e.service();
            if (d != null && e.present() && !e.hung()) {
                readHealth(e.id(), d);
            }
        }
    }

    private void readHealth(String id, Device d) {
        calls.submit(d, id, "health", null, deadlineNanos.getAsLong(), x -> {
            DeviceHealth reported = x.health();
            Step s = apply(id, e -> DeviceTransitions.health(e, d, reported));
            if (s.change() != null) {
                LOG.info("device {} reports {}", id, s.after().driverHealth());
            }
        }, r -> onResult(id, d, r), () -> lateReturn(id, d));
    }

    /** Classifies the result of any call into {@code d} (see {@link DeviceTransitions#dispatchResult}). */
    void onResult(String id, Device d, DispatchResult r) {
        Step s = apply(id, e -> DeviceTransitions.dispatchResult(e, d, r));
        if (s.applied() && s.after().kernelHealth() != null && s.after().kernelHealth() != s.before().kernelHealth()) {
            LOG.warn("device {} marked FAULT: {}", id, s.change());
        }
    }

    void lateReturn(String id, Device d) {
        if (apply(id, e -> DeviceTransitions.lateReturn(e, d)).applied()) {
            LOG.warn("device {} returned late; marked DEGRADED and usable again", id);
        }
    }

    /**
     * Clears kernel-observed faults of present devices (operator reset). A hung device is retried: it gets one
     * health call, and it becomes callable again (fault cleared) when that returns; if it hangs again it is
     * reported hung again. Until then it stays hung (only safety calls).
     */
    void clearFaults() {
        for (DeviceEntry e : table.get().entries()) {
            Device d = e.service();
            if (e.present() && e.hung() && d != null) {
                LOG.info("operator reset: retrying hung device {} with a health call", e.id());
                retryHung(e.id(), d);
            } else {
                apply(e.id(), DeviceTransitions::clearFault);
            }
        }
    }

    private void retryHung(String id, Device d) {
        calls.submit(d, id, "health", null, deadlineNanos.getAsLong(), x -> {
            DeviceHealth reported = x.health();
            apply(id, e -> DeviceTransitions.health(e, d, reported));
            if (apply(id, e -> DeviceTransitions.retriedAfterReset(e, d)).applied()) {
                LOG.info("device {} answered after the operator reset; callable again", id);
            }
        }, r -> onResult(id, d, r), () -> lateReturn(id, d));
    }

    // --- consequences -----------------------------------------------------------------------------------

    private void changed(DeviceEntry e, String reason) {
        try {
            bus.publish(KernelTopics.DEVICES, e.info());
        } catch (RuntimeException ex) {
            LOG.warn("publishing device change of {} failed", e.id(), ex);
        }
        notifyListeners(e, reason);
    }

    private void notifyListeners(DeviceEntry e, String reason) {
        for (RegistryListener l : listeners) {
            try {
                l.deviceChanged(e, reason);
            } catch (RuntimeException ex) {
                LOG.warn("registry listener failed on {}", e.id(), ex);
            }
        }
    }

    void publishResult(DispatchResult r) {
        try {
            bus.publish(KernelTopics.DISPATCH, r, r.intentId());
        } catch (RuntimeException ex) {
            LOG.warn("publishing dispatch result failed: {}", r, ex);
        }
    }
}
