package mechos.webconsole.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicReference;

import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.LoggerFactory;

import mechos.fleet.api.FleetView;
import mechos.hal.api.Battery;
import mechos.hal.api.Bumper;
import mechos.hal.api.Camera;
import mechos.hal.api.Device;
import mechos.hal.api.EStopInput;
import mechos.kernel.api.bus.EventBus;
import mechos.kernel.api.bus.Topic;
import mechos.perception.api.Localisation;

/**
 * The services only the page's live panel, "2D pose estimate" and fleet panel use: batteries, bumpers, e-stop
 * inputs, cameras (by device id), perception's {@link Localisation} and the fleet's {@link FleetView}. All
 * optional and dynamic: the page shows what is there. (Kept apart from {@link RobotServices}, which the metrics
 * share.)
 */
@Component(service = PageSensors.class)
public final class PageSensors {
    private final Map<String, Battery> batteries = new ConcurrentSkipListMap<>();
    private final Map<String, Bumper> bumpers = new ConcurrentSkipListMap<>();
    private final Map<String, EStopInput> estops = new ConcurrentSkipListMap<>();
    private final Map<String, Camera> cameras = new ConcurrentSkipListMap<>();
    private final AtomicReference<Localisation> localisation = new AtomicReference<>();
    private final AtomicReference<FleetView> fleet = new AtomicReference<>();
    private final AtomicReference<ConfigurationAdmin> configAdmin = new AtomicReference<>();
    private final AtomicReference<EventBus> bus = new AtomicReference<>();

    /** @return the names of the bus topics known so far, sorted (for the recorder's topic selection) */
    List<String> topics() {
        EventBus b = bus.get();
        if (b == null) {
            return List.of();
        }
        java.util.TreeSet<String> names = new java.util.TreeSet<>();
        for (Topic<?> t : b.topics()) {
            names.add(t.name());
        }
        return List.copyOf(names);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindEventBus(EventBus b) {
        bus.set(b);
    }

    void unbindEventBus(EventBus b) {
        bus.compareAndSet(b, null);
    }

    Map<String, Battery> batteries() {
        return Map.copyOf(batteries);
    }

    Map<String, Bumper> bumpers() {
        return Map.copyOf(bumpers);
    }

    Map<String, EStopInput> estopInputs() {
        return Map.copyOf(estops);
    }

    /** @return the cameras ordered by device id */
    List<Map.Entry<String, Camera>> cameras() {
        return List.copyOf(cameras.entrySet());
    }

    Optional<Localisation> localisation() {
        return Optional.ofNullable(localisation.get());
    }

    Optional<FleetView> fleet() {
        return Optional.ofNullable(fleet.get());
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindBattery(Battery b, Map<String, Object> props) {
        batteries.put(id(props), b);
    }

    void unbindBattery(Battery b, Map<String, Object> props) {
        batteries.remove(id(props), b);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindBumper(Bumper b, Map<String, Object> props) {
        bumpers.put(id(props), b);
    }

    void unbindBumper(Bumper b, Map<String, Object> props) {
        bumpers.remove(id(props), b);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindEStopInput(EStopInput e, Map<String, Object> props) {
        estops.put(id(props), e);
    }

    void unbindEStopInput(EStopInput e, Map<String, Object> props) {
        estops.remove(id(props), e);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindCamera(Camera c, Map<String, Object> props) {
        cameras.put(id(props), c);
    }

    void unbindCamera(Camera c, Map<String, Object> props) {
        cameras.remove(id(props), c);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindLocalisation(Localisation l) {
        localisation.set(l);
    }

    void unbindLocalisation(Localisation l) {
        localisation.compareAndSet(l, null);
    }

    /**
     * The static map to draw: localisation's {@code map} when set, else the first simulated world's {@code map}
     * (its default {@code builtin:default} when the world is configured without one); empty when neither.
     */
    Optional<String> staticMap() {
        ConfigurationAdmin ca = configAdmin.get();
        if (ca == null) {
            return Optional.empty();
        }
        try {
            Configuration[] loc = ca.listConfigurations("(service.pid=mechos.perception.localisation)");
            if (loc != null) {
                for (Configuration c : loc) {
                    Object map = c.getProperties() == null ? null : c.getProperties().get("map");
                    if (map != null && !map.toString().isBlank()) {
                        return Optional.of(map.toString().strip());
                    }
                }
            }
            Configuration[] worlds = ca.listConfigurations("(service.factoryPid=mechos.hal.sim.world)");
            if (worlds != null && worlds.length > 0) {
                java.util.Arrays.sort(worlds, java.util.Comparator.comparing(Configuration::getPid));
                Object map = worlds[0].getProperties() == null ? null : worlds[0].getProperties().get("map");
                return Optional.of(map == null ? StaticMapLayer.BUILTIN + "default" : map.toString().strip());
            }
        } catch (java.io.IOException | InvalidSyntaxException | RuntimeException e) {
            LoggerFactory.getLogger(PageSensors.class).warn("cannot read the map configuration: {}", e.toString());
        }
        return Optional.empty();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindConfigurationAdmin(ConfigurationAdmin c) {
        configAdmin.set(c);
    }

    void unbindConfigurationAdmin(ConfigurationAdmin c) {
        configAdmin.compareAndSet(c, null);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindFleetView(FleetView f) {
        fleet.set(f);
    }

    void unbindFleetView(FleetView f) {
        fleet.compareAndSet(f, null);
    }

    private static String id(Map<String, Object> props) {
        Object id = props.get(Device.ID);
        return id == null ? "service-" + props.get("service.id") : id.toString();
    }
}
