package mechos.webconsole.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import mechos.hal.api.Battery;
import mechos.hal.api.BatteryReading;
import mechos.hal.api.DeviceHealth;
import mechos.hal.api.SensorListener;
import mechos.hal.api.Subscription;

class BatteryGaugesTest {
    private static Battery battery(String id, BatteryReading latest) {
        return new Battery() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public DeviceHealth health() {
                return DeviceHealth.online();
            }

            @Override
            public BatteryReading latest() {
                if (latest == null && id.equals("broken")) {
                    throw new IllegalStateException("driver bug");
                }
                return latest;
            }

            @Override
            public Subscription subscribe(SensorListener<? super BatteryReading> listener) {
                throw new UnsupportedOperationException();
            }
        };
    }

    @Test
    void writesPercentVoltageAndCurrentPerBatteryAndSkipsThoseWithoutAReading() {
        BatteryGauges g = new BatteryGauges();
        g.addBattery(battery("battery", new BatteryReading(1, 12.1, 0.8, 0.75)));
        g.addBattery(battery("empty", null));
        g.addBattery(battery("broken", null));
        PrometheusText p = new PrometheusText();
        g.write(p);
        String text = p.toString();
        assertTrue(text.contains("# TYPE mechos_battery_percent gauge\nmechos_battery_percent{device=\"battery\"} 75"),
                text);
        assertTrue(text.contains("mechos_battery_voltage_volts{device=\"battery\"} 12.1"), text);
        assertTrue(text.contains("mechos_battery_current_amperes{device=\"battery\"} 0.8"), text);
        assertFalse(text.contains("empty") || text.contains("broken"), "no sample without a reading:\n" + text);
    }

    @Test
    void aRemovedBatteryAndNoBatteriesWriteNothing() {
        BatteryGauges g = new BatteryGauges();
        Battery b = battery("battery", new BatteryReading(1, 12.1, 0.8, 0.5));
        g.addBattery(b);
        g.removeBattery(b);
        PrometheusText p = new PrometheusText();
        g.write(p);
        assertEquals("", p.toString());
    }
}
