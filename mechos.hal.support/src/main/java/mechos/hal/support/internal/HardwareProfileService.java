package mechos.hal.support.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.hal.support.ConfigCheck;
import mechos.hal.support.HardwareProfile;

/**
 * Publishes the {@link HardwareProfile} service from PID {@value HardwareProfile#PID}. The service is registered by
 * hand (not by SCR) so that its {@value HardwareProfile#PROPERTY} property holds the validated, split profile list
 * ({@code profile=serial,pi4j} in a {@code .cfg} file arrives as one string); a change updates the registration's
 * properties, which makes SCR re-evaluate every driver reference targeting it.
 */
@Component(immediate = true, service = {}, configurationPid = HardwareProfile.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = HardwareProfileConfig.class)
public final class HardwareProfileService implements HardwareProfile {
    private static final Logger LOG = LoggerFactory.getLogger(HardwareProfileService.class);

    private volatile Set<String> profiles;
    private volatile ServiceRegistration<HardwareProfile> registration;

    @Activate
    public HardwareProfileService(HardwareProfileConfig config, Map<String, Object> props, BundleContext context) {
        this.profiles = parse(config.profile(), props);
        registration = context.registerService(HardwareProfile.class, this, properties(profiles));
        LOG.info("hardware profile: {}", String.join(",", profiles));
    }

    @Modified
    void modified(HardwareProfileConfig config, Map<String, Object> props) {
        Set<String> next = parse(config.profile(), props);
        if (next.equals(profiles)) {
            return;
        }
        LOG.info("hardware profile changed from {} to {}: the drivers of the profiles no longer selected stop",
                String.join(",", profiles), String.join(",", next));
        profiles = next;
        ServiceRegistration<HardwareProfile> r = registration;
        if (r != null) {
            r.setProperties(properties(next));
        }
    }

    @Deactivate
    void deactivate() {
        ServiceRegistration<HardwareProfile> r = registration;
        registration = null;
        if (r != null) {
            try {
                r.unregister();
            } catch (IllegalStateException e) {
                LOG.debug("hardware profile service was already unregistered", e);
            }
        }
    }

    @Override
    public Set<String> profiles() {
        return profiles;
    }

    /**
     * Splits, trims and checks the configured profiles; unknown names are dropped with one WARN naming PID, key,
     * value and reason. Nothing usable left: the simulator (never a real driver by accident).
     */
    static Set<String> parse(String[] configured, Map<String, ?> props) {
        Set<String> out = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        for (String entry : configured == null ? new String[0] : configured) {
            for (String p : entry.split(",")) {
                String name = p.trim().toLowerCase(java.util.Locale.ROOT);
                if (name.isEmpty()) {
                    continue;
                }
                if (KNOWN.contains(name)) {
                    out.add(name);
                } else {
                    unknown.add(p.trim());
                }
            }
        }
        if (!unknown.isEmpty() || out.isEmpty()) {
            String value = String.join(",", configured == null ? new String[0] : configured);
            String fallback = out.isEmpty() ? "using " + SIM : "using " + String.join(",", out);
            LOG.warn("hardware profile {}: {}={}: {}; {}", ConfigCheck.describe(props), KEY, value,
                    unknown.isEmpty() ? "no profile given" : "unknown profile " + unknown + " (known: sim, serial, pi4j)",
                    fallback);
        }
        if (out.isEmpty()) {
            out.add(SIM);
        }
        return Collections.unmodifiableSet(out);
    }

    /** @return the driver bundles of the profiles not selected, sorted */
    static List<String> stoppedBundles(Set<String> profiles) {
        List<String> out = new ArrayList<>();
        BUNDLES.forEach((profile, bundle) -> {
            if (!profiles.contains(profile)) {
                out.add(bundle);
            }
        });
        Collections.sort(out);
        return out;
    }

    private static Dictionary<String, Object> properties(Set<String> profiles) {
        Hashtable<String, Object> d = new Hashtable<>();
        d.put(PROPERTY, profiles.toArray(new String[0]));
        d.put(STOPPED_BUNDLES, stoppedBundles(profiles).toArray(new String[0]));
        return d;
    }
}
