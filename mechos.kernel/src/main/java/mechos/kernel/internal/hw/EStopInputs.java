package mechos.kernel.internal.hw;

import java.util.Collection;

import mechos.hal.api.DeviceKind;
import mechos.hal.api.EStopReading;

/**
 * The one place that decides whether an e-stop input asks for a stop. Pure: it reads device values only.
 * An input is PRESSED when its newest sample says so; it is FAILED when it is gone, OFFLINE or FAULT, because a
 * broken e-stop circuit must fail safe. The sample-push reaction in the registry, the kernel's reaction to device
 * changes, the safety tick and the reset check all ask here.
 */
public final class EStopInputs {
    private EStopInputs() {
    }

    public enum Status { CLEAR, PRESSED, FAILED }

    /**
     * What one input (or the worst of several) says.
     *
     * @param status   CLEAR, PRESSED or FAILED
     * @param deviceId the input that decided, or null when clear
     * @param detail   its health when FAILED, else empty
     */
    public record Assessment(Status status, String deviceId, String detail) {
        public static final Assessment CLEAR = new Assessment(Status.CLEAR, null, "");

        public boolean clear() {
            return status == Status.CLEAR;
        }

        public boolean pressed() {
            return status == Status.PRESSED;
        }

        public boolean failed() {
            return status == Status.FAILED;
        }

        /** @return why the e-stop latches (for the safety state and the log), or null when clear */
        public String latchReason() {
            return switch (status) {
            case CLEAR -> null;
            case PRESSED -> "e-stop input '" + deviceId + "' pressed";
            case FAILED -> "e-stop input '" + deviceId + "' " + detail + " (fail safe)";
            };
        }

        /** @return why an operator reset must wait, or null when clear */
        public String resetBlocker() {
            return switch (status) {
            case CLEAR -> null;
            case PRESSED -> "e-stop input '" + deviceId + "' is still pressed";
            case FAILED -> "e-stop input '" + deviceId + "' is " + detail;
            };
        }
    }

    /** @return what one device says; anything that is not an e-stop input is CLEAR */
    public static Assessment assess(DeviceEntry e) {
        if (e == null || e.kind() != DeviceKind.ESTOP) {
            return Assessment.CLEAR;
        }
        if (!e.present() || e.failed()) {
            return new Assessment(Status.FAILED, e.id(), e.health().toString());
        }
        if (e.latestSample() instanceof EStopReading r && r.pressed()) {
            return new Assessment(Status.PRESSED, e.id(), "");
        }
        return Assessment.CLEAR;
    }

    /** @return the first input (by id) that is FAILED or PRESSED, else CLEAR */
    public static Assessment assess(Collection<DeviceEntry> entries) {
        for (DeviceEntry e : entries) {
            Assessment a = assess(e);
            if (!a.clear()) {
                return a;
            }
        }
        return Assessment.CLEAR;
    }

    /** @return what every e-stop input of the table says together */
    public static Assessment assess(DeviceTable table) {
        return assess(table.ofKind(DeviceKind.ESTOP));
    }
}
