package mechos.hal.serial.internal.roboclaw;

import java.util.List;

import mechos.hal.api.DriveGeometry;
import mechos.platform.api.ConfigurationChecks;
import mechos.hal.serial.internal.port.PortSettings;
import mechos.hal.support.Backoff;

/** Validated, immutable RoboClaw settings; swapped as a whole on {@code @Modified}. */
record RoboClawOptions(PortSettings port, int address, int replyTimeoutMs, int periodMs, int offlineAfterMs,
        int recoverCycles, WheelMapping wheels, int reconnectMinMs, int reconnectMaxMs) {

    /** The configuration keys {@link #from} reads and checks (directly or through the port, geometry and backoff). */
    static final List<String> KEYS = List.of("port.path", "port.baud", "port.data.bits", "port.parity",
            "port.stop.bits", "port.read.timeout.ms", "port.write.timeout.ms", "io.watchdog.ms", "address",
            "reply.timeout.ms", "period.ms", "offline.after.ms", "recover.cycles", "wheel.separation.m",
            "wheel.radius.m", "encoder.counts.per.rev", "max.linear", "max.angular", "footprint.radius.m",
            "swap.motors", "left.inverted", "right.inverted", "reconnect.min.ms", "reconnect.max.ms");

    RoboClawOptions {
        checkAddress(address);
        checkReplyTimeout(replyTimeoutMs);
        checkPeriod(periodMs);
        checkOfflineAfter(offlineAfterMs, periodMs);
        checkRecoverCycles(recoverCycles);
        checkReconnect(reconnectMinMs, reconnectMaxMs);
    }

    static RoboClawOptions from(RoboClawConfig c) {
        positive("wheel.separation.m", c.wheel_separation_m());
        positive("wheel.radius.m", c.wheel_radius_m());
        positive("max.linear", c.max_linear());
        positive("max.angular", c.max_angular());
        positive("footprint.radius.m", c.footprint_radius_m());
        checkEncoderCounts(c.encoder_counts_per_rev());
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

    /** The rules of {@link #from} one by one, each naming its keys (each value is read inside its rule). */
    static void rules(ConfigurationChecks rules, RoboClawConfig c) {
        PortSettings.rules(rules, c::port_path, c::port_baud, c::port_data_bits, c::port_read_timeout_ms,
                c::port_write_timeout_ms, c::io_watchdog_ms);
        rules.check(() -> checkAddress(c.address()), "address");
        rules.check(() -> checkReplyTimeout(c.reply_timeout_ms()), "reply.timeout.ms");
        rules.check(() -> checkPeriod(c.period_ms()), "period.ms");
        rules.check(() -> checkOfflineAfter(c.offline_after_ms(), c.period_ms()), "offline.after.ms", "period.ms");
        rules.check(() -> checkRecoverCycles(c.recover_cycles()), "recover.cycles");
        rules.check(() -> checkReconnect(c.reconnect_min_ms(), c.reconnect_max_ms()), "reconnect.min.ms",
                "reconnect.max.ms");
        rules.check(() -> positive("wheel.separation.m", c.wheel_separation_m()), "wheel.separation.m");
        rules.check(() -> positive("wheel.radius.m", c.wheel_radius_m()), "wheel.radius.m");
        rules.check(() -> positive("max.linear", c.max_linear()), "max.linear");
        rules.check(() -> positive("max.angular", c.max_angular()), "max.angular");
        rules.check(() -> positive("footprint.radius.m", c.footprint_radius_m()), "footprint.radius.m");
        rules.check(() -> checkEncoderCounts(c.encoder_counts_per_rev()), "encoder.counts.per.rev");
    }

    private static void checkAddress(int address) {
        if (address < 0x80 || address > 0x87) {
            throw new IllegalArgumentException("address must be 128..135, was " + address);
        }
    }

    private static void checkReplyTimeout(int replyTimeoutMs) {
        if (replyTimeoutMs <= 0) {
            throw new IllegalArgumentException("reply.timeout.ms must be > 0, was " + replyTimeoutMs);
        }
    }

    private static void checkPeriod(int periodMs) {
        if (periodMs <= 0) {
            throw new IllegalArgumentException("period.ms must be > 0, was " + periodMs);
        }
    }

    private static void checkOfflineAfter(int offlineAfterMs, int periodMs) {
        if (offlineAfterMs <= periodMs) {
            throw new IllegalArgumentException(
                    "offline.after.ms (" + offlineAfterMs + ") must be > period.ms (" + periodMs + ")");
        }
    }

    private static void checkRecoverCycles(int recoverCycles) {
        if (recoverCycles < 1) {
            throw new IllegalArgumentException("recover.cycles must be >= 1, was " + recoverCycles);
        }
    }

    /** The reconnect delays the driver's {@link Backoff} is made of (its constructor's own check). */
    private static void checkReconnect(int reconnectMinMs, int reconnectMaxMs) {
        new Backoff(reconnectMinMs, reconnectMaxMs);
    }

    private static void checkEncoderCounts(double countsPerRev) {
        if (!(countsPerRev > 0)) {
            throw new IllegalArgumentException("encoder.counts.per.rev must be > 0, was " + countsPerRev);
        }
    }

    private static void positive(String key, double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(key + " must be a finite number > 0, was " + v);
        }
    }
}
