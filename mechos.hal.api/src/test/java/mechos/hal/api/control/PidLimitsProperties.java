package mechos.hal.api.control;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;

import java.util.List;

class PidLimitsProperties {
    @Property
    void limitsAreAlwaysRespected(@ForAll @DoubleRange(min = -50, max = 50) double a,
            @ForAll @DoubleRange(min = -50, max = 50) double b, @ForAll @DoubleRange(min = 0, max = 100) double kp,
            @ForAll @DoubleRange(min = 0, max = 100) double ki, @ForAll @DoubleRange(min = 0, max = 10) double kd,
            @ForAll @Size(min = 1, max = 50) List<@DoubleRange(min = -1000, max = 1000) Double> measurements) {
        double min = Math.min(a, b);
        double max = Math.max(a, b);
        PidController pid = new PidController(new PidGains(kp, ki, kd), new PidLimits(min, max));
        for (double m : measurements) {
            double out = pid.update(0, m, 0.01);
            assertTrue(out >= min && out <= max, out + " outside [" + min + ", " + max + "]");
        }
    }

    @Property
    void minAboveMaxIsAlwaysRejected(@ForAll @DoubleRange(min = -1e6, max = 1e6) double min,
            @ForAll @DoubleRange(min = 0.01, max = 1e3) double gap) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PidLimits(min, min - gap));
        assertTrue(e.getMessage().contains("min=") && e.getMessage().contains("max="), e.getMessage());
    }
}
