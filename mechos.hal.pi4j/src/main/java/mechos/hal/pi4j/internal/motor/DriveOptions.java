package mechos.hal.pi4j.internal.motor;

import java.util.List;

import mechos.hal.api.DriveGeometry;
import mechos.hal.api.control.PidGains;

/** Validated, immutable drive settings; the live-tunable part is swapped on {@code @Modified}. */
record DriveOptions(WheelPins left, WheelPins right, int pwmFrequency, DriveGeometry geometry,
        double metresPerCount, double fullDutySpeed, PidGains gains, double maxDuty, int periodMs) {

    record WheelPins(int pwmChannel, int dirPin, int encA, int encB, boolean inverted) {
    }

    /** The configuration keys {@link #from} reads and checks (directly or through the geometry and gains). */
    static final List<String> KEYS = List.of("pwm.frequency.hz", "wheel.separation.m", "wheel.radius.m",
            "encoder.counts.per.rev", "full.duty.speed", "max.linear", "max.angular", "footprint.radius.m", "pid.kp",
            "pid.ki", "pid.kd", "max.duty", "control.period.ms");

    DriveOptions {
        if (pwmFrequency <= 0) {
            throw new IllegalArgumentException("pwm.frequency.hz must be > 0, was " + pwmFrequency);
        }
        if (!(metresPerCount > 0) || !Double.isFinite(metresPerCount)) {
            throw new IllegalArgumentException("encoder.counts.per.rev must be > 0");
        }
        if (!(fullDutySpeed > 0)) {
            throw new IllegalArgumentException("full.duty.speed must be > 0, was " + fullDutySpeed);
        }
        if (!(maxDuty > 0) || maxDuty > 1) {
            throw new IllegalArgumentException("max.duty must be in (0, 1], was " + maxDuty);
        }
        if (periodMs <= 0) {
            throw new IllegalArgumentException("control.period.ms must be > 0, was " + periodMs);
        }
    }

    static DriveOptions from(PwmDriveConfig c) {
        if (!(c.encoder_counts_per_rev() > 0)) {
            throw new IllegalArgumentException("encoder.counts.per.rev must be > 0, was " + c.encoder_counts_per_rev());
        }
        return new DriveOptions(
                new WheelPins(c.left_pwm_channel(), c.left_dir_pin(), c.left_enc_a_pin(), c.left_enc_b_pin(),
                        c.left_inverted()),
                new WheelPins(c.right_pwm_channel(), c.right_dir_pin(), c.right_enc_a_pin(), c.right_enc_b_pin(),
                        c.right_inverted()),
                c.pwm_frequency_hz(),
                new DriveGeometry(c.wheel_separation_m(), c.wheel_radius_m(), c.max_linear(), c.max_angular(),
                        c.footprint_radius_m()),
                2 * Math.PI * c.wheel_radius_m() / c.encoder_counts_per_rev(), c.full_duty_speed(),
                new PidGains(c.pid_kp(), c.pid_ki(), c.pid_kd()), c.max_duty(), c.control_period_ms());
    }

    /** @return {left, right} wheel speeds in m/s for a body velocity, scaled down to the hardware limit */
    double[] wheelSpeeds(double linear, double angular) {
        double half = geometry.wheelSeparation() / 2;
        double l = linear - angular * half;
        double r = linear + angular * half;
        double peak = Math.max(Math.abs(l), Math.abs(r));
        if (peak > geometry.maxLinear()) {
            double k = geometry.maxLinear() / peak;
            l *= k;
            r *= k;
        }
        return new double[] { l, r };
    }
}
