package mechos.hal.pi4j.internal.motor;

import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.DigitalStateChangeListener;
import com.pi4j.io.pwm.Pwm;

import mechos.hal.api.control.PidController;

/**
 * One wheel of an H-bridge drive: a PWM output for the magnitude, a digital output for the direction, a
 * quadrature encoder on two inputs, and a {@link PidController} closing the wheel-speed loop around a
 * feed-forward duty. Driven by the drive's control loop only (one thread).
 */
final class WheelChannel {
    private final String name;
    private final Pwm pwm;
    private final DigitalOutput direction;
    private final DigitalInput encoderA;
    private final DigitalInput encoderB;
    private final QuadratureDecoder decoder;
    private final DigitalStateChangeListener edgeListener;
    private final PidController pid;
    private final boolean inverted;
    private final int frequency;
    private long lastCount;
    private volatile double measured;
    private volatile double duty;

    WheelChannel(String name, Pwm pwm, DigitalOutput direction, DigitalInput encoderA, DigitalInput encoderB,
            PidController pid, boolean inverted, int frequency) {
        this.name = name;
        this.pwm = pwm;
        this.direction = direction;
        this.encoderA = encoderA;
        this.encoderB = encoderB;
        this.pid = pid;
        this.inverted = inverted;
        this.frequency = frequency;
        this.decoder = new QuadratureDecoder(encoderA.isHigh(), encoderB.isHigh());
        this.edgeListener = e -> decoder.update(encoderA.isHigh(), encoderB.isHigh());
        encoderA.addListener(edgeListener);
        encoderB.addListener(edgeListener);
        this.lastCount = signedCount();
        apply(0);
    }

    private long signedCount() {
        return inverted ? -decoder.count() : decoder.count();
    }

    /**
     * One control step.
     *
     * @param target        m/s at the wheel, forward positive
     * @param dt            s since the last step
     * @param metresPerCount wheel travel per quadrature count
     * @param feedForward   duty per m/s (1 / the wheel's speed at full duty)
     * @param maxDuty       0..1
     */
    synchronized void control(double target, double dt, double metresPerCount, double feedForward, double maxDuty) {
        long c = signedCount();
        measured = (c - lastCount) * metresPerCount / dt;
        lastCount = c;
        if (target == 0) {
            pid.reset();
            apply(0);
            return;
        }
        double u = feedForward * target + pid.update(target, measured, dt);
        apply(Math.max(-maxDuty, Math.min(maxDuty, u)));
    }

    /** Zero duty now (stop, fault, shutdown); the PID forgets its state. */
    synchronized void zero() {
        pid.reset();
        apply(0);
    }

    private void apply(double d) {
        boolean forward = d >= 0;
        direction.state(forward != inverted ? DigitalState.HIGH : DigitalState.LOW);
        float percent = (float) (Math.abs(d) * 100);
        if (percent > 0) {
            pwm.on(percent, frequency);
        } else {
            // Pwm.on(0, f) only switches off and keeps the old duty; zero it so the output reads 0 %
            pwm.setDutyCycle(0);
            pwm.off();
        }
        duty = d;
    }

    void detach() {
        encoderA.removeListener(edgeListener);
        encoderB.removeListener(edgeListener);
    }

    /** @return the last measured wheel speed, m/s */
    double measured() {
        return measured;
    }

    /** @return the last applied signed duty, -1..1 */
    double duty() {
        return duty;
    }

    long encoderErrors() {
        return decoder.errors();
    }

    @Override
    public String toString() {
        return name;
    }
}
