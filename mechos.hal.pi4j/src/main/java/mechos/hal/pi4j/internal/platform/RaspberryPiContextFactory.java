package mechos.hal.pi4j.internal.platform;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalInputProvider;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalOutputProvider;
import com.pi4j.plugin.linuxfs.provider.pwm.LinuxFsPwmProvider;

/**
 * A Raspberry Pi: digital I/O through libgpiod (Pi4J's gpiod plugin and its native library, embedded for
 * armhf/aarch64) and hardware PWM through the kernel's sysfs PWM interface (linuxfs plugin; needs
 * {@code dtoverlay=pwm-2chan} in config.txt). Pi4J's board detection runs and logs what it finds.
 */
final class RaspberryPiContextFactory implements ContextFactory {
    private final int pwmChip;

    /** @param pwmChip the sysfs PWM chip number ({@code /sys/class/pwm/pwmchip<N>}) */
    RaspberryPiContextFactory(int pwmChip) {
        this.pwmChip = pwmChip;
    }

    @Override
    public Context create() {
        return Pi4J.newContextBuilder().noAutoDetect().disableShutdownHook()
                .add(GpioDDigitalInputProvider.newInstance(), GpioDDigitalOutputProvider.newInstance(),
                        LinuxFsPwmProvider.newInstance(pwmChip))
                .build();
    }
}
