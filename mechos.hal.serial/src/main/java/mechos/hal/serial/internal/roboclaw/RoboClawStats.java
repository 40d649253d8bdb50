package mechos.hal.serial.internal.roboclaw;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of one controller's serial exchanges; read from any thread. */
final class RoboClawStats {
    final AtomicLong goodReplies = new AtomicLong();
    final AtomicLong crcErrors = new AtomicLong();
    final AtomicLong timeouts = new AtomicLong();
    /** Bytes that were neither a valid reply nor an acknowledgement. */
    final AtomicLong garbage = new AtomicLong();

    long failures() {
        return crcErrors.get() + timeouts.get() + garbage.get();
    }

    @Override
    public String toString() {
        return "good " + goodReplies.get() + ", bad CRC " + crcErrors.get() + ", timeouts " + timeouts.get()
                + ", garbage " + garbage.get();
    }
}
