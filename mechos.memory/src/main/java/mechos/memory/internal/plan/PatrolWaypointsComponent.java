package mechos.memory.internal.plan;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.kernel.api.bus.EventBus;

/**
 * Runs {@link PatrolWaypoints} on its own thread: at start, every {@code periodSeconds}, and when Config Admin
 * reports a change of the source PID. The runtime is not touched: the waypoints are read from its configuration.
 */
@Component(configurationPid = PatrolWaypointsComponent.PID, service = ConfigurationListener.class, immediate = true)
@Designate(ocd = PatrolWaypointsConfig.class)
public final class PatrolWaypointsComponent implements ConfigurationListener {
    public static final String PID = "mechos.memory.plan";
    private static final Logger LOG = LoggerFactory.getLogger(PatrolWaypointsComponent.class);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ConfigurationAdmin configAdmin;

    private final ScheduledExecutorService executor;
    private final PatrolWaypoints waypoints;

    @Activate
    public PatrolWaypointsComponent(PatrolWaypointsConfig config, @Reference EventBus bus) {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mechos-patrol-waypoints");
            t.setDaemon(true);
            return t;
        });
        if (!config.enabled()) {
            waypoints = null;
            return;
        }
        int period = config.periodSeconds();
        if (period < 1 || period > 3600) {
            LOG.warn("{}: periodSeconds={} is outside [1, 3600]; using 5", PID, period);
            period = 5;
        }
        waypoints = new PatrolWaypoints(bus, () -> configAdmin, config.sourcePid().trim(), config.sourceKey().trim(),
                config.frame().trim(), () -> System.currentTimeMillis() * 1_000_000L);
        executor.scheduleAtFixedRate(this::publish, 0, period, TimeUnit.SECONDS);
    }

    private void publish() {
        try {
            waypoints.publish();
        } catch (RuntimeException e) {
            LOG.warn("patrol waypoints not published: {}", e.toString());
        }
    }

    @Override
    public void configurationEvent(ConfigurationEvent event) {
        if (waypoints != null && waypoints.pid().equals(event.getPid())
                && event.getType() == ConfigurationEvent.CM_UPDATED) {
            try {
                executor.execute(this::publish);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                LOG.debug("patrol waypoints: change of {} after deactivation ignored", event.getPid());
            }
        }
    }

    @Deactivate
    void deactivate() {
        executor.shutdownNow();
    }
}
