package mechos.hal.serial.internal.roboclaw;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class RoboClawProtocolTest {

    @Test
    void crcIsCcittWithZeroInitialValue() {
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0x31C3, RoboClawProtocol.crc16(check, 0, check.length), "CRC-16/XMODEM check value");
    }

    @Test
    void driveSpeedsPacketIsAddressCommandBigEndianSpeedsAndCrc() {
        byte[] p = RoboClawProtocol.driveSpeeds(0x80, 1000, -1000);
        assertEquals(12, p.length);
        assertEquals((byte) 0x80, p[0]);
        assertEquals(37, p[1]);
        assertArrayEquals(new byte[] { 0, 0, 0x03, (byte) 0xE8 }, java.util.Arrays.copyOfRange(p, 2, 6));
        assertArrayEquals(new byte[] { (byte) 0xFF, (byte) 0xFF, (byte) 0xFC, 0x18 },
                java.util.Arrays.copyOfRange(p, 6, 10));
        int crc = RoboClawProtocol.crc16(p, 0, 10);
        assertEquals(crc, (p[10] & 0xFF) << 8 | p[11] & 0xFF);
    }

    @Test
    void replyCrcCoversAddressAndCommandOfTheRequest() {
        byte[] data = { 0, 0, 1, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xF0 };
        byte[] reply = RoboClawProtocol.reply(0x80, RoboClawProtocol.CMD_READ_ENCODERS, data);
        assertTrue(RoboClawProtocol.replyValid(0x80, RoboClawProtocol.CMD_READ_ENCODERS, reply));
        assertFalse(RoboClawProtocol.replyValid(0x81, RoboClawProtocol.CMD_READ_ENCODERS, reply), "other address");
        assertFalse(RoboClawProtocol.replyValid(0x80, RoboClawProtocol.CMD_READ_SPEED_M1, reply), "other command");
        assertEquals(256, RoboClawProtocol.int32(reply, 0));
        assertEquals(-16, RoboClawProtocol.int32(reply, 4));
    }

    @Test
    void tooShortRepliesAreInvalidAndBadAddressesRefused() {
        assertFalse(RoboClawProtocol.replyValid(0x80, 78, new byte[1]));
        assertThrows(IllegalArgumentException.class, () -> RoboClawProtocol.readRequest(0x10, 78));
    }
}
