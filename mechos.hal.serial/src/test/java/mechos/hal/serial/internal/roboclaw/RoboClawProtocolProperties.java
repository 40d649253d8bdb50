package mechos.hal.serial.internal.roboclaw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Malformed replies are rejected by their CRC and never crash the validator. */
class RoboClawProtocolProperties {

    @Property(tries = 500)
    void anySingleBitFlipInAReplyIsDetected(@ForAll @Size(min = 1, max = 48) byte[] data,
            @ForAll @IntRange(min = 0, max = 1000) int bitSeed) {
        byte[] reply = RoboClawProtocol.reply(0x80, 78, data);
        int bit = bitSeed % (reply.length * 8);
        reply[bit / 8] ^= (byte) (1 << (bit % 8));
        assertFalse(RoboClawProtocol.replyValid(0x80, 78, reply));
    }

    @Property(tries = 500)
    void randomBytesNeverCrashTheValidator(@ForAll @Size(max = 64) byte[] garbage,
            @ForAll @IntRange(min = 0x80, max = 0x87) int address, @ForAll @IntRange(min = 0, max = 255) int cmd) {
        RoboClawProtocol.replyValid(address, cmd, garbage);
    }

    @Property(tries = 500)
    void validRepliesAreAccepted(@ForAll @Size(max = 48) byte[] data,
            @ForAll @IntRange(min = 0x80, max = 0x87) int address, @ForAll @IntRange(min = 0, max = 255) int cmd) {
        assertTrue(RoboClawProtocol.replyValid(address, cmd, RoboClawProtocol.reply(address, cmd, data)));
    }

    @Property(tries = 500)
    void signedSpeedsRoundTrip(@ForAll int m1, @ForAll int m2) {
        byte[] p = RoboClawProtocol.driveSpeeds(0x80, m1, m2);
        assertEquals(m1, RoboClawProtocol.int32(p, 2));
        assertEquals(m2, RoboClawProtocol.int32(p, 6));
    }
}
