package mechos.hal.api;

import org.osgi.annotation.versioning.ConsumerType;

/** Receives samples from a {@link SensorSource}, on the driver's thread. Must return quickly and not throw. */
@ConsumerType
@FunctionalInterface
public interface SensorListener<T> {
    void onSample(T sample);
}
