package mechos.memory.internal.foxglove;

import java.util.Collection;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Parameters a Foxglove client may read and set ({@code getParameters}/{@code setParameters}), named
 * {@code <pid>/<key>}.
 */
interface FoxgloveParameters {
    /** Offers nothing (the capability is not advertised). */
    FoxgloveParameters NONE = new FoxgloveParameters() {
        @Override
        public boolean offered() {
            return false;
        }

        @Override
        public Map<String, Object> get(Collection<String> names) throws ParameterException {
            throw new ParameterException("parameters are not offered");
        }

        @Override
        public Object set(String name, JsonNode value) throws ParameterException {
            throw new ParameterException("parameters are not offered");
        }
    };

    /** A parameter that cannot be read or set, with the reason (PID, key, value). */
    final class ParameterException extends Exception {
        private static final long serialVersionUID = 1L;

        ParameterException(String message) {
            super(message);
        }
    }

    /** @return whether the {@code parameters} capability is advertised */
    boolean offered();

    /**
     * @param names {@code <pid>/<key>} names; empty for every offered parameter
     * @return name to value (Boolean, Number, String or a List of them), names not offered left out
     */
    Map<String, Object> get(Collection<String> names) throws ParameterException;

    /**
     * Sets one existing parameter, keeping its type.
     *
     * @return the value stored
     * @throws ParameterException naming PID, key, value and reason when refused
     */
    Object set(String name, JsonNode value) throws ParameterException;
}
