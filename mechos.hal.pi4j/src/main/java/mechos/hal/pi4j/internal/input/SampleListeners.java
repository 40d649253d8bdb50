package mechos.hal.pi4j.internal.input;

import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.hal.api.SensorListener;
import mechos.hal.api.Subscription;

/** Sensor listeners of one device; a throwing listener is logged and the others still get the sample. */
final class SampleListeners<T> {
    private static final Logger LOG = LoggerFactory.getLogger(SampleListeners.class);

    private final String deviceId;
    private final CopyOnWriteArrayList<SensorListener<? super T>> listeners = new CopyOnWriteArrayList<>();

    SampleListeners(String deviceId) {
        this.deviceId = deviceId;
    }

    Subscription add(SensorListener<? super T> listener) {
        if (listener == null) {
            throw new IllegalArgumentException("listener must not be null");
        }
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    void publish(T sample) {
        for (SensorListener<? super T> l : listeners) {
            try {
                l.onSample(sample);
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("a listener of device '{}' threw; it keeps receiving samples", deviceId, e);
            }
        }
    }

    void clear() {
        listeners.clear();
    }
}
