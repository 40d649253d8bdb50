package mechos.hal.api.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PidControllerTest {
    private static final double DT = 0.01;

    /** First-order plant dy/dt = (u - y) / tau, integrated with the controller's dt. */
    private static final class Plant {
        final double tau;
        double y;

        Plant(double tau) {
            this.tau = tau;
        }

        double step(double u) {
            y += (u - y) / tau * DT;
            return y;
        }
    }

    @Test
    void stepResponseSettlesWithoutOvershootBeyondBound() {
        PidController pid = new PidController(new PidGains(2.0, 3.0, 0.05), new PidLimits(-10, 10));
        Plant plant = new Plant(0.5);
        double setpoint = 1.0;
        double peak = 0;
        double settledAt = Double.NaN;
        for (int i = 0; i < 1000; i++) {
            double y = plant.step(pid.update(setpoint, plant.y, DT));
            peak = Math.max(peak, y);
            if (Math.abs(y - setpoint) > 0.02) {
                settledAt = Double.NaN;
            } else if (Double.isNaN(settledAt)) {
                settledAt = i * DT;
            }
        }
        double overshoot = (peak - setpoint) / setpoint;
        assertTrue(overshoot <= 0.05, "overshoot " + overshoot + " exceeds 5 %");
        assertTrue(settledAt < 3.0, "did not settle within 2 % in 3 s (settled at " + settledAt + ")");
        assertEquals(setpoint, plant.y, 0.005);
    }

    @Test
    void antiWindupLimitsOvershootAfterLongSaturation() {
        // The output limit (0.6) is below what the plant needs to track the target quickly; without anti-windup
        // the integral would grow during saturation and overshoot far when the set-point drops.
        PidController pid = new PidController(new PidGains(1.0, 5.0, 0), new PidLimits(-0.6, 0.6));
        Plant plant = new Plant(0.2);
        for (int i = 0; i < 500; i++) {
            plant.step(pid.update(1.0, plant.y, DT)); // unreachable: saturated for 5 s
        }
        assertEquals(0.6, pid.lastOutput(), 1e-12);
        double peak = 0;
        for (int i = 0; i < 500; i++) {
            peak = Math.max(peak, plant.step(pid.update(0.5, plant.y, DT)));
        }
        assertTrue(peak < 0.65, "wind-up: plant went to " + peak + " after saturation");
        assertEquals(0.5, plant.y, 0.01);
    }

    @Test
    void setpointStepCausesNoDerivativeKick() {
        PidController pid = new PidController(new PidGains(0, 0, 10), new PidLimits(-100, 100));
        pid.update(0, 0.3, DT);
        assertEquals(0.0, pid.update(5, 0.3, DT), 1e-12, "derivative acted on the set-point step");
        assertEquals(-10 * 0.1 / DT, pid.update(5, 0.4, DT), 1e-9, "derivative must act on the measurement");
    }

    @Test
    void outputStaysWithinLimitsAndRate() {
        PidController pid = new PidController(new PidGains(50, 20, 1), new PidLimits(-2, 3, 40));
        double prev = 0;
        double measurement = 0;
        for (int i = 0; i < 400; i++) {
            double sp = (i / 50) % 2 == 0 ? 100 : -100;
            double out = pid.update(sp, measurement, DT);
            assertTrue(out >= -2 && out <= 3, "output " + out + " outside [-2, 3]");
            assertTrue(Math.abs(out - prev) <= 40 * DT + 1e-12, "rate " + (out - prev) / DT + " above 40/s");
            prev = out;
            measurement += out * DT;
        }
    }

    @Test
    void minGreaterThanMaxIsRejectedNamingBothValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PidLimits(5, -5));
        assertTrue(e.getMessage().contains("min=5.0") && e.getMessage().contains("max=-5.0"), e.getMessage());
    }

    @Test
    void invalidGainsAndInputsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new PidGains(-1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new PidGains(1, Double.NaN, 0));
        assertThrows(IllegalArgumentException.class, () -> new PidLimits(-1, 1, 0));
        PidController pid = new PidController(new PidGains(1, 0, 0), new PidLimits(-1, 1));
        assertThrows(IllegalArgumentException.class, () -> pid.update(1, Double.NaN, DT));
        assertThrows(IllegalArgumentException.class, () -> pid.update(1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> pid.update(1, 0, -DT));
    }

    @Test
    void gainsChangeLiveWithoutIntegralBump() {
        PidController pid = new PidController(new PidGains(0, 2, 0), new PidLimits(-10, 10));
        for (int i = 0; i < 100; i++) {
            pid.update(1, 0.5, DT); // integral output grows to 2 * 0.5 * 1 s = 1.0
        }
        double before = pid.lastOutput();
        pid.setGains(new PidGains(0, 20, 0));
        double after = pid.update(1, 0.5, DT);
        assertEquals(before + 20 * 0.5 * DT, after, 1e-9, "changing ki must not rescale the accumulated integral");
        assertEquals(20, pid.gains().ki());
    }

    @Test
    void resetClearsState() {
        PidController pid = new PidController(new PidGains(0, 10, 0), new PidLimits(-10, 10));
        pid.update(1, 0, 1);
        pid.reset();
        assertEquals(0, pid.lastOutput());
        assertEquals(0.1, pid.update(1, 0.99, 1), 1e-9);
    }
}
