package dev.ockamj.identity.internal.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ockamj.identity.internal.vault.X25519;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Bad handshake input: a clear HandshakeException, and the handshake is over. */
class NoiseXxFaultsTest {

    private static NoiseXx initiator() {
        return NoiseXx.start(NoiseXx.Role.INITIATOR, X25519.generatePrivateKey());
    }

    private static NoiseXx responder() {
        return NoiseXx.start(NoiseXx.Role.RESPONDER, X25519.generatePrivateKey());
    }

    @Test
    void aFlippedBitInAnyEncryptedPartOfMessage2FailsTheHandshake() {
        for (int bit = 32 * 8; bit < 96 * 8; bit += 7) { // the sealed static key and the payload tag
            NoiseXx i = initiator();
            NoiseXx r = responder();
            r.readMessage1(i.writeMessage1(new byte[0]));
            byte[] m2 = r.writeMessage2(new byte[0]);
            m2[bit / 8] ^= (byte) (1 << (bit % 8));
            HandshakeException e = assertThrows(HandshakeException.class, () -> i.readMessage2(m2));
            assertTrue(e.getMessage().contains("tag does not verify"), e.getMessage());
            // over: the next step is refused, not run on a broken state
            HandshakeException after = assertThrows(HandshakeException.class, () -> i.writeMessage3(new byte[0]));
            assertTrue(after.getMessage().contains("the handshake failed"), after.getMessage());
        }
    }

    @Test
    void aFlippedBitInMessage3FailsTheResponder() {
        NoiseXx i = initiator();
        NoiseXx r = responder();
        r.readMessage1(i.writeMessage1(new byte[0]));
        i.readMessage2(r.writeMessage2(new byte[0]));
        byte[] m3 = i.writeMessage3("payload".getBytes());
        m3[m3.length - 1] ^= 1;
        assertThrows(HandshakeException.class, () -> r.readMessage3(m3));
        assertTrue(r.keys() == null);
    }

    @Test
    void truncatedAndOversizeMessagesAreRefusedWithTheirLength() {
        NoiseXx r = responder();
        HandshakeException shortOne = assertThrows(HandshakeException.class, () -> r.readMessage1(new byte[31]));
        assertTrue(shortOne.getMessage().contains("31 bytes, shorter than its 32-byte minimum"), shortOne.getMessage());

        NoiseXx r2 = responder();
        HandshakeException big = assertThrows(HandshakeException.class,
                () -> r2.readMessage1(new byte[NoiseXx.MAX_MESSAGE_SIZE + 1]));
        assertTrue(big.getMessage().contains("above the limit of 65535"), big.getMessage());

        NoiseXx i = initiator();
        NoiseXx r3 = responder();
        r3.readMessage1(i.writeMessage1(new byte[0]));
        byte[] m2 = r3.writeMessage2(new byte[0]);
        assertThrows(HandshakeException.class, () -> i.readMessage2(Arrays.copyOf(m2, 95)));
        // a payload that would make a message above the limit is refused when writing too
        NoiseXx i2 = initiator();
        assertThrows(HandshakeException.class, () -> i2.writeMessage1(new byte[NoiseXx.MAX_MESSAGE_SIZE]));
    }

    @Test
    void messagesOutOfTurnAreRefused() {
        NoiseXx i = initiator();
        HandshakeException e = assertThrows(HandshakeException.class, () -> i.readMessage2(new byte[96]));
        assertTrue(e.getMessage().contains("expects to write message 1"), e.getMessage());
        NoiseXx r = responder();
        assertThrows(HandshakeException.class, () -> r.writeMessage2(new byte[0]));
    }

    @Test
    void aHandshakeBetweenFreshKeysAgreesAndCarriesPayloads() {
        NoiseXx i = initiator();
        NoiseXx r = responder();
        r.readMessage1(i.writeMessage1(new byte[0]));
        assertArrayEquals("identity of r".getBytes(), i.readMessage2(r.writeMessage2("identity of r".getBytes())));
        assertArrayEquals("identity of i".getBytes(), r.readMessage3(i.writeMessage3("identity of i".getBytes())));
        assertArrayEquals(i.keys().encryptionKey(), r.keys().decryptionKey());
        assertArrayEquals(r.keys().encryptionKey(), i.keys().decryptionKey());
    }
}
