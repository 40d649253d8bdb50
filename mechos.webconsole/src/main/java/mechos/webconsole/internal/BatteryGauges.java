package mechos.webconsole.internal;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.hal.api.Battery;
import mechos.hal.api.BatteryReading;

/**
 * The latest reading of every battery device, for {@code mechos_battery_percent}, {@code mechos_battery_voltage_volts}
 * and {@code mechos_battery_current_amperes} (label {@code device}). Batteries come and go with their drivers; a
 * battery that has no reading yet, or whose driver fails to give one, writes no sample (a missing series, not 0 %).
 * Reads only the driver's cached latest sample, never waits on it.
 */
@Component(service = BatteryGauges.class)
public final class BatteryGauges {
    private static final Logger LOG = LoggerFactory.getLogger(BatteryGauges.class);

    private final Map<Battery, Boolean> batteries = new ConcurrentHashMap<>();

    public BatteryGauges() {
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addBattery(Battery b) {
        batteries.put(b, Boolean.TRUE);
    }

    void removeBattery(Battery b) {
        batteries.remove(b);
    }

    void write(PrometheusText p) {
        Map<String, BatteryReading> readings = new TreeMap<>();
        for (Battery b : batteries.keySet()) {
            try {
                BatteryReading r = b.latest();
                if (r != null) {
                    readings.put(b.id(), r);
                }
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("battery driver {} failed to give its latest reading: {}", b.getClass().getName(),
                        e.toString());
            }
        }
        if (readings.isEmpty()) {
            return;
        }
        p.family("mechos_battery_percent", "gauge", "Battery state of charge, percent (latest reading)");
        readings.forEach((id, r) -> sampleIfFinite(p, r.stateOfCharge() * 100, id));
        p.family("mechos_battery_voltage_volts", "gauge", "Battery voltage, V (latest reading)");
        readings.forEach((id, r) -> sampleIfFinite(p, r.voltage(), id));
        p.family("mechos_battery_current_amperes", "gauge", "Battery current, A (latest reading)");
        readings.forEach((id, r) -> sampleIfFinite(p, r.current(), id));
    }

    private static void sampleIfFinite(PrometheusText p, double value, String device) {
        if (Double.isFinite(value)) {
            p.sample(value, "device", device);
        }
    }
}
