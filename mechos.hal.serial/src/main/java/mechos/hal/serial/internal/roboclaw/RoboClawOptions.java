package mechos.hal.serial.internal.roboclaw;

import mechos.hal.api.DriveGeometry;
import mechos.hal.serial.internal.port.PortSettings;

/** Validated, immutable RoboClaw settings; swapped as a whole on {@code @Modified}. */
record RoboClawOptions(PortSettings port, int address, int replyTimeoutMs, int periodMs, int offlineAfterMs,
        int recoverCycles, WheelMapping wheels, int reconnectMinMs, int reconnectMaxMs) {

    RoboClawOptions {
        if (address < 0x80 || address > 0x87) {
            throw new IllegalArgumentException("address must be 128..135, was " + address);
        }
        if (replyTimeoutMs <= 0) {
            throw new IllegalArgumentException("reply.timeout.ms must be > 0, was " + replyTimeoutMs);
        }
        if (periodMs <= 0) {
            throw new IllegalArgumentException("period.ms must be > 0, was " + periodMs);
        }
        if (offlineAfterMs <= periodMs) {
            throw new IllegalArgumentException(
                    "offline.after.ms (" + offlineAfterMs + ") must be > period.ms (" + periodMs + ")");
        }
        if (recoverCycles < 1) {
            throw new IllegalArgumentException("recover.cycles must be >= 1, was " + recoverCycles);
        }
    }

    static RoboClawOptions from(RoboClawConfig c) {
        positive("wheel.separation.m", c.wheel_separation_m());
        positive("wheel.radius.m", c.wheel_radius_m());
        positive("max.linear", c.max_linear());
        positive("max.angular", c.max_angular());
        positive("footprint.radius.m", c.footprint_radius_m());
        if (!(c.encoder_counts_per_rev() > 0)) {
            throw new IllegalArgumentException("encoder.counts.per.rev must be > 0, was " + c.encoder_counts_per_rev());
        }
        DriveGeometry g = new DriveGeometry(c.wheel_separation_m(), c.wheel_radius_m(), c.max_linear(),
                c.max_angular(), c.footprint_radius_m());
        double ticksPerMetre = c.encoder_counts_per_rev() / (2 * Math.PI * c.wheel_radius_m());
        return new RoboClawOptions(
                new PortSettings(c.port_path(), c.port_baud(), c.port_data_bits(), c.port_parity(),
                        c.port_stop_bits(), c.port_read_timeout_ms(), c.port_write_timeout_ms(), c.io_watchdog_ms()),
                c.address(), c.reply_timeout_ms(), c.period_ms(), c.offline_after_ms(), c.recover_cycles(),
                new WheelMapping(g, ticksPerMetre, c.swap_motors(), c.left_inverted(), c.right_inverted()),
                c.reconnect_min_ms(), c.reconnect_max_ms());
    }

    private static void positive(String key, double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(key + " must be a finite number > 0, was " + v);
        }
    }
}
