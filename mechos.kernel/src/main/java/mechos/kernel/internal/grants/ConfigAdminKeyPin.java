package mechos.kernel.internal.grants;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Optional;

import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The pin as the Config Admin configuration {@value #PID} (property {@value #PROPERTY}), kept by Config Admin in
 * the framework storage ({@code <run dir>/felix}), not next to the key files. No component consumes this
 * configuration; it is only read and written here. It survives kernel restarts, updates and reinstalls; it is
 * lost only with the framework storage, and then the existing development key must be re-pinned by an operator.
 */
final class ConfigAdminKeyPin implements KeyPin {
    static final String PID = "mechos.kernel.grants.pin";
    static final String PROPERTY = "dev_public_key_fingerprint";

    private final ConfigurationAdmin cm;

    ConfigAdminKeyPin(ConfigurationAdmin cm) {
        this.cm = cm;
    }

    private Configuration configuration() throws IOException {
        // "?" (multi-location): not bound to the kernel bundle's location, so a reinstalled kernel reads it too
        return cm.getConfiguration(PID, "?");
    }

    @Override
    public Optional<String> read() throws GrantException {
        try {
            Dictionary<String, Object> props = configuration().getProperties();
            Object v = props == null ? null : props.get(PROPERTY);
            return v == null || v.toString().isBlank() ? Optional.empty() : Optional.of(v.toString().trim());
        } catch (IOException | RuntimeException e) {
            throw new GrantException("the development key pin (configuration " + PID + ") cannot be read: " + e, e);
        }
    }

    @Override
    public void write(String fingerprint) throws GrantException {
        try {
            Dictionary<String, Object> props = new Hashtable<>();
            props.put(PROPERTY, fingerprint);
            configuration().updateIfDifferent(props);
        } catch (IOException | RuntimeException e) {
            throw new GrantException("the development key pin (configuration " + PID + ") cannot be written: " + e,
                    e);
        }
    }

    @Override
    public String describe() {
        return "Config Admin configuration " + PID;
    }
}
