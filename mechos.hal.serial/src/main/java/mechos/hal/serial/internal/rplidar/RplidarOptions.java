package mechos.hal.serial.internal.rplidar;

import mechos.hal.serial.internal.port.PortSettings;

/** Validated, immutable RPLIDAR settings; swapped as a whole on {@code @Modified}. */
record RplidarOptions(PortSettings port, String frameId, int replyTimeoutMs, int beams, double rangeMin,
        double rangeMax, int motorPwm, int silenceDegradedMs, int silenceOfflineMs, int reconnectMinMs,
        int reconnectMaxMs, double minCoverage, double maxStepDeg, double errorRateFault) {

    /** Defaults for the plausibility filter and the error rate (tests and older call sites). */
    RplidarOptions(PortSettings port, String frameId, int replyTimeoutMs, int beams, double rangeMin,
            double rangeMax, int motorPwm, int silenceDegradedMs, int silenceOfflineMs, int reconnectMinMs,
            int reconnectMaxMs) {
        this(port, frameId, replyTimeoutMs, beams, rangeMin, rangeMax, motorPwm, silenceDegradedMs, silenceOfflineMs,
                reconnectMinMs, reconnectMaxMs, 0.9, 20, 0.15);
    }

    RplidarOptions {
        if (frameId == null || frameId.isBlank()) {
            throw new IllegalArgumentException("frame.id must not be empty");
        }
        if (replyTimeoutMs <= 0) {
            throw new IllegalArgumentException("reply.timeout.ms must be > 0, was " + replyTimeoutMs);
        }
        if (beams < 1) {
            throw new IllegalArgumentException("scan.beams must be >= 1, was " + beams);
        }
        if (!(rangeMin >= 0) || !(rangeMax > rangeMin)) {
            throw new IllegalArgumentException(
                    "range.min.m/range.max.m must satisfy 0 <= min < max, were " + rangeMin + "/" + rangeMax);
        }
        if (motorPwm < 0 || motorPwm > 1023) {
            throw new IllegalArgumentException("motor.pwm must be 0..1023, was " + motorPwm);
        }
        if (!(minCoverage >= 0.1 && minCoverage <= 1)) {
            throw new IllegalArgumentException("scan.min.coverage must be 0.1..1, was " + minCoverage);
        }
        if (!(maxStepDeg >= 1 && maxStepDeg <= 180)) {
            throw new IllegalArgumentException("scan.max.step.deg must be 1..180, was " + maxStepDeg);
        }
        if (!(errorRateFault >= 0.01 && errorRateFault <= 1)) {
            throw new IllegalArgumentException("error.rate.fault must be 0.01..1, was " + errorRateFault);
        }
        if (silenceDegradedMs <= 0 || silenceOfflineMs < silenceDegradedMs) {
            throw new IllegalArgumentException("silence.degraded.ms must be > 0 and <= silence.offline.ms, were "
                    + silenceDegradedMs + "/" + silenceOfflineMs);
        }
    }

    static RplidarOptions from(RplidarConfig c) {
        return new RplidarOptions(
                new PortSettings(c.port_path(), c.port_baud(), c.port_data_bits(), c.port_parity(),
                        c.port_stop_bits(), c.port_read_timeout_ms(), c.port_write_timeout_ms(), c.io_watchdog_ms()),
                c.frame_id(), c.reply_timeout_ms(), c.scan_beams(), c.range_min_m(), c.range_max_m(), c.motor_pwm(),
                c.silence_degraded_ms(), c.silence_offline_ms(), c.reconnect_min_ms(), c.reconnect_max_ms(),
                c.scan_min_coverage(), c.scan_max_step_deg(), c.error_rate_fault());
    }
}
