package mechos.hal.serial.internal.rplidar;

import java.util.List;

import mechos.platform.api.ConfigurationChecks;
import mechos.hal.serial.internal.port.PortSettings;
import mechos.hal.support.Backoff;

/** Validated, immutable RPLIDAR settings; swapped as a whole on {@code @Modified}. */
record RplidarOptions(PortSettings port, String frameId, int replyTimeoutMs, int beams, double rangeMin,
        double rangeMax, int motorPwm, int silenceDegradedMs, int silenceOfflineMs, int reconnectMinMs,
        int reconnectMaxMs, double minCoverage, double maxStepDeg, double errorRateFault) {

    /** The configuration keys {@link #from} reads and checks (directly or through the port and backoff). */
    static final List<String> KEYS = List.of("port.path", "port.baud", "port.data.bits", "port.parity",
            "port.stop.bits", "port.read.timeout.ms", "port.write.timeout.ms", "io.watchdog.ms", "frame.id",
            "reply.timeout.ms", "scan.beams", "range.min.m", "range.max.m", "motor.pwm", "silence.degraded.ms",
            "silence.offline.ms", "reconnect.min.ms", "reconnect.max.ms", "scan.min.coverage", "scan.max.step.deg",
            "error.rate.fault");

    /** Defaults for the plausibility filter and the error rate (tests and older call sites). */
    RplidarOptions(PortSettings port, String frameId, int replyTimeoutMs, int beams, double rangeMin,
            double rangeMax, int motorPwm, int silenceDegradedMs, int silenceOfflineMs, int reconnectMinMs,
            int reconnectMaxMs) {
        this(port, frameId, replyTimeoutMs, beams, rangeMin, rangeMax, motorPwm, silenceDegradedMs, silenceOfflineMs,
                reconnectMinMs, reconnectMaxMs, 0.9, 20, 0.15);
    }

    RplidarOptions {
        checkFrameId(frameId);
        checkReplyTimeout(replyTimeoutMs);
        ScanAssembler.checkBeams(beams);
        ScanAssembler.checkRange(rangeMin, rangeMax);
        checkMotorPwm(motorPwm);
        checkMinCoverage(minCoverage);
        checkMaxStep(maxStepDeg);
        checkErrorRate(errorRateFault);
        checkSilence(silenceDegradedMs, silenceOfflineMs);
        checkReconnect(reconnectMinMs, reconnectMaxMs);
    }

    static RplidarOptions from(RplidarConfig c) {
        return new RplidarOptions(
                new PortSettings(c.port_path(), c.port_baud(), c.port_data_bits(), c.port_parity(),
                        c.port_stop_bits(), c.port_read_timeout_ms(), c.port_write_timeout_ms(), c.io_watchdog_ms()),
                c.frame_id(), c.reply_timeout_ms(), c.scan_beams(), c.range_min_m(), c.range_max_m(), c.motor_pwm(),
                c.silence_degraded_ms(), c.silence_offline_ms(), c.reconnect_min_ms(), c.reconnect_max_ms(),
                c.scan_min_coverage(), c.scan_max_step_deg(), c.error_rate_fault());
    }

    /** The rules of {@link #from} one by one, each naming its keys (each value is read inside its rule). */
    static void rules(ConfigurationChecks rules, RplidarConfig c) {
        PortSettings.rules(rules, c::port_path, c::port_baud, c::port_data_bits, c::port_read_timeout_ms,
                c::port_write_timeout_ms, c::io_watchdog_ms);
        rules.check(() -> checkFrameId(c.frame_id()), "frame.id");
        rules.check(() -> checkReplyTimeout(c.reply_timeout_ms()), "reply.timeout.ms");
        rules.check(() -> ScanAssembler.checkBeams(c.scan_beams()), "scan.beams");
        rules.check(() -> ScanAssembler.checkRange(c.range_min_m(), c.range_max_m()), "range.min.m", "range.max.m");
        rules.check(() -> checkMotorPwm(c.motor_pwm()), "motor.pwm");
        rules.check(() -> checkMinCoverage(c.scan_min_coverage()), "scan.min.coverage");
        rules.check(() -> checkMaxStep(c.scan_max_step_deg()), "scan.max.step.deg");
        rules.check(() -> checkErrorRate(c.error_rate_fault()), "error.rate.fault");
        rules.check(() -> checkSilence(c.silence_degraded_ms(), c.silence_offline_ms()), "silence.degraded.ms",
                "silence.offline.ms");
        rules.check(() -> checkReconnect(c.reconnect_min_ms(), c.reconnect_max_ms()), "reconnect.min.ms",
                "reconnect.max.ms");
    }

    private static void checkFrameId(String frameId) {
        if (frameId == null || frameId.isBlank()) {
            throw new IllegalArgumentException("frame.id must not be empty");
        }
    }

    private static void checkReplyTimeout(int replyTimeoutMs) {
        if (replyTimeoutMs <= 0) {
            throw new IllegalArgumentException("reply.timeout.ms must be > 0, was " + replyTimeoutMs);
        }
    }

    private static void checkMotorPwm(int motorPwm) {
        if (motorPwm < 0 || motorPwm > 1023) {
            throw new IllegalArgumentException("motor.pwm must be 0..1023, was " + motorPwm);
        }
    }

    private static void checkMinCoverage(double minCoverage) {
        if (!(minCoverage >= 0.1 && minCoverage <= 1)) {
            throw new IllegalArgumentException("scan.min.coverage must be 0.1..1, was " + minCoverage);
        }
    }

    private static void checkMaxStep(double maxStepDeg) {
        if (!(maxStepDeg >= 1 && maxStepDeg <= 180)) {
            throw new IllegalArgumentException("scan.max.step.deg must be 1..180, was " + maxStepDeg);
        }
    }

    private static void checkErrorRate(double errorRateFault) {
        if (!(errorRateFault >= 0.01 && errorRateFault <= 1)) {
            throw new IllegalArgumentException("error.rate.fault must be 0.01..1, was " + errorRateFault);
        }
    }

    private static void checkSilence(int silenceDegradedMs, int silenceOfflineMs) {
        if (silenceDegradedMs <= 0 || silenceOfflineMs < silenceDegradedMs) {
            throw new IllegalArgumentException("silence.degraded.ms must be > 0 and <= silence.offline.ms, were "
                    + silenceDegradedMs + "/" + silenceOfflineMs);
        }
    }

    /** The reconnect delays the driver's {@link Backoff} is made of (its constructor's own check). */
    private static void checkReconnect(int reconnectMinMs, int reconnectMaxMs) {
        new Backoff(reconnectMinMs, reconnectMaxMs);
    }
}
