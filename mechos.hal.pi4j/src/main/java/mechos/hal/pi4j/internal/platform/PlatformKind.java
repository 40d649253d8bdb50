package mechos.hal.pi4j.internal.platform;

/** Which Pi4J providers to use. */
public enum PlatformKind {
    /** Pi4J's mock platform: in-memory GPIO and PWM (tests, development on a PC). */
    MOCK,
    /** A Raspberry Pi: GPIO through libgpiod (/dev/gpiochip*), PWM through /sys/class/pwm. */
    RASPBERRY_PI
}
