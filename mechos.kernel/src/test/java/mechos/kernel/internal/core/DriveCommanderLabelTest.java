package mechos.kernel.internal.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DriveCommanderLabelTest {
    @Test
    void writesWhatStringFormatWrites() {
        double[] values = { 0, -0.0, 0.05, 0.1, -0.25, 0.3, 1.5, -1.5, 12.3456, 0.0004, -0.0004, 0.9996, 1e-9, 123456.789,
                Double.NaN, Double.POSITIVE_INFINITY };
        for (double l : values) {
            for (double a : values) {
                assertEquals(String.format(java.util.Locale.ROOT, "setVelocity(%.3f, %.3f)", l, a), DriveCommander.label("setVelocity(", l, a),
                        l + ", " + a);
            }
        }
    }
}
