package mechos.hal.pi4j.internal.motor;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "MechOS PWM H-bridge drive base (Pi4J)",
        description = "A differential drive with one H-bridge per wheel (PWM + direction pin) and a quadrature "
                + "encoder per wheel; a PID per wheel closes the speed loop around a feed-forward duty.")
public @interface PwmDriveConfig {
    @AttributeDefinition(name = "Device id", description = "Unique device id, e.g. 'base'.")
    String mechos_device_id() default "base";

    @AttributeDefinition(name = "Left PWM channel",
            description = "PWM channel of the left bridge (Raspberry Pi sysfs, pwm-2chan overlay: 0 = GPIO18).")
    int left_pwm_channel() default 0;

    @AttributeDefinition(name = "Left direction GPIO (BCM)", description = "HIGH drives the left wheel forward.")
    int left_dir_pin() default 5;

    @AttributeDefinition(name = "Left encoder A GPIO (BCM)", description = "Left encoder channel A.")
    int left_enc_a_pin() default 6;

    @AttributeDefinition(name = "Left encoder B GPIO (BCM)", description = "Left encoder channel B.")
    int left_enc_b_pin() default 16;

    @AttributeDefinition(name = "Left inverted", description = "Motor and encoder of the left wheel mounted reversed.")
    boolean left_inverted() default false;

    @AttributeDefinition(name = "Right PWM channel", description = "PWM channel of the right bridge (1 = GPIO19).")
    int right_pwm_channel() default 1;

    @AttributeDefinition(name = "Right direction GPIO (BCM)", description = "HIGH drives the right wheel forward.")
    int right_dir_pin() default 26;

    @AttributeDefinition(name = "Right encoder A GPIO (BCM)", description = "Right encoder channel A.")
    int right_enc_a_pin() default 20;

    @AttributeDefinition(name = "Right encoder B GPIO (BCM)", description = "Right encoder channel B.")
    int right_enc_b_pin() default 21;

    @AttributeDefinition(name = "Right inverted", description = "Motor and encoder of the right wheel mounted reversed.")
    boolean right_inverted() default false;

    @AttributeDefinition(name = "PWM frequency (Hz)", description = "H-bridge PWM frequency.")
    int pwm_frequency_hz() default 20000;

    @AttributeDefinition(name = "Wheel separation (m)", description = "Distance between the wheels' contact points.")
    double wheel_separation_m() default 0.30;

    @AttributeDefinition(name = "Wheel radius (m)", description = "Drive wheel radius.")
    double wheel_radius_m() default 0.05;

    @AttributeDefinition(name = "Encoder counts per wheel turn", description = "Quadrature counts (4 per line).")
    double encoder_counts_per_rev() default 1200;

    @AttributeDefinition(name = "Speed at full duty (m/s)",
            description = "Wheel speed at 100 % duty, for the feed-forward term; the PID corrects the rest.")
    double full_duty_speed() default 1.0;

    @AttributeDefinition(name = "Max wheel speed (m/s)", description = "Commands are scaled below it.")
    double max_linear() default 0.8;

    @AttributeDefinition(name = "Max angular speed (rad/s)", description = "Hardware limit reported to the kernel.")
    double max_angular() default 3.0;

    @AttributeDefinition(name = "Footprint radius (m)", description = "Radius of a circle enclosing the robot.")
    double footprint_radius_m() default 0.25;

    @AttributeDefinition(name = "PID kp", description = "Duty per m/s of speed error. Applies live.")
    double pid_kp() default 0.5;

    @AttributeDefinition(name = "PID ki", description = "Duty per (m/s·s) of accumulated error. Applies live.")
    double pid_ki() default 2.0;

    @AttributeDefinition(name = "PID kd", description = "Duty per m/s² (on the measurement). Applies live.")
    double pid_kd() default 0.0;

    @AttributeDefinition(name = "Max duty", description = "0..1; caps the PWM duty. Applies live.")
    double max_duty() default 1.0;

    @AttributeDefinition(name = "Control period (ms)", description = "Period of the wheel-speed loop.")
    int control_period_ms() default 10;

    @AttributeDefinition(name = "Console name", description = "How the Web Console names this configuration "
            + "({key} is replaced by that property's value). Not read by the component.")
    String webconsole_configurationFactory_nameHint() default "PWM H-bridge drive base (Pi4J) {mechos.device.id}";
}
