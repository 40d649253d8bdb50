package mechos.kernel.internal.hw;

import mechos.hal.api.Device;

/** One call into a driver, run on the dispatch executor. */
@FunctionalInterface
public interface DeviceCall<D extends Device> {
    void call(D device) throws Exception;
}
