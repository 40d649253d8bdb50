package mechos.hal.pi4j.internal.platform;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import com.pi4j.plugin.mock.provider.pwm.MockPwmProvider;

/** Pi4J's mock platform (embedded in this bundle): GPIO and PWM held in memory. */
final class MockContextFactory implements ContextFactory {
    @Override
    public Context create() {
        return Pi4J.newContextBuilder().noAutoDetect().disableShutdownHook().add(new MockPlatform())
                .add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance(),
                        MockPwmProvider.newInstance())
                .build();
    }
}
