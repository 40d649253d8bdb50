package mechos.hal.serial.internal.port;

import java.lang.reflect.Method;
import java.util.Map;

import mechos.hal.support.ConfigCheck;
import mechos.platform.api.ConfigurationChecks;

/**
 * The start of a serial driver's configuration check (see {@link mechos.platform.api.ConfigurationValidator}): the
 * activation's type check, key by key, before the drivers' own rules run on the same {@link ConfigurationChecks}.
 */
public final class ConfigRules {
    private ConfigRules() {
    }

    /**
     * Every value present for an attribute of {@code type} must convert to the attribute's type (a finite number,
     * true or false, an enum constant's name): {@link ConfigCheck#types}, one problem per key that does not.
     *
     * @return the checks so far, for the drivers' rules to continue
     */
    public static ConfigurationChecks typed(Map<String, Object> values, Class<?> type) {
        ConfigurationChecks checks = new ConfigurationChecks();
        for (Method m : type.getDeclaredMethods()) {
            String key = ConfigCheck.key(m);
            Object v = values.get(key);
            if (v != null) {
                checks.check(() -> ConfigCheck.types(Map.of(key, v), type), key);
            }
        }
        return checks;
    }
}
