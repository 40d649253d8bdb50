package mechos.memory.internal.grid;

import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.kernel.api.bus.BusSubscription;
import mechos.kernel.api.bus.EventBus;
import mechos.perception.api.OccupancyMap;
import mechos.perception.api.PerceptionTopics;
import mechos.perception.api.Transforms;
import mechos.platform.api.RunDirectory;

/**
 * Runs the {@link MapGridPublisher} on its own thread: a map update on the bus only sets a flag; slices are taken at
 * most {@code maxHz} times a second; the static map is loaded once and re-published every
 * {@code staticPeriodSeconds}. Out-of-range settings are one WARN each and the default is used.
 */
@Component(configurationPid = MapGridComponent.PID, service = {}, immediate = true)
@Designate(ocd = MapGridConfig.class)
public final class MapGridComponent {
    public static final String PID = "mechos.memory.grid";
    private static final Logger LOG = LoggerFactory.getLogger(MapGridComponent.class);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile OccupancyMap occupancyMap;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Transforms transforms;

    private final ScheduledExecutorService executor;
    private final BusSubscription subscription;

    @Activate
    public MapGridComponent(MapGridConfig config, @Reference EventBus bus, @Reference RunDirectory runDirectory) {
        double radius = bounded("radius", config.radius(), 1, 50, 10.0);
        double hz = bounded("maxHz", config.maxHz(), 0.1, 10, 1.0);
        int maxCells = (int) bounded("maxCells", config.maxCells(), 1000, 4_000_000, 250_000);
        double fallback = bounded("fallbackHeight", config.fallbackHeight(), -10, 10, 0.2);
        int period = (int) bounded("staticPeriodSeconds", config.staticPeriodSeconds(), 1, 3600, 10);
        int staticMax = (int) bounded("staticMaxCells", config.staticMaxCells(), 1000, 16_000_000, 1_000_000);
        String file = config.staticMap().trim();
        Path staticMap = file.isEmpty() ? null
                : Path.of(file).isAbsolute() ? Path.of(file) : runDirectory.resolve(file);
        MapGridPublisher publisher = new MapGridPublisher(bus, () -> occupancyMap, () -> transforms,
                new MapGridPublisher.Settings(radius, maxCells, config.mapFrame().trim(), config.lidarFrame().trim(),
                        fallback, staticMap, staticMax),
                () -> System.currentTimeMillis() * 1_000_000L);
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mechos-map-grid");
            t.setDaemon(true);
            return t;
        });
        if (config.enabled()) {
            subscription = bus.subscribe(PerceptionTopics.MAP_UPDATES, "mechos.memory.grid", 1,
                    s -> publisher.mapUpdated());
            executor.scheduleAtFixedRate(publisher::tick, 0, Math.round(1e9 / hz), TimeUnit.NANOSECONDS);
        } else {
            subscription = null;
        }
        if (staticMap != null) {
            executor.scheduleAtFixedRate(() -> {
                try {
                    publisher.publishStatic();
                } catch (RuntimeException e) {
                    LOG.warn("map grid: static map {} not published: {}", staticMap, e.toString());
                }
            }, 0, period, TimeUnit.SECONDS);
        }
    }

    /** @return the value, or the default with one WARN naming PID, key, value and the bounds */
    static double bounded(String key, double value, double min, double max, double fallback) {
        if (Double.isFinite(value) && value >= min && value <= max) {
            return value;
        }
        LOG.warn("{}: {}={} is outside [{}, {}]; using {}", PID, key, value, min, max, fallback);
        return fallback;
    }

    @Deactivate
    void deactivate() {
        if (subscription != null) {
            subscription.close();
        }
        executor.shutdownNow();
    }
}
