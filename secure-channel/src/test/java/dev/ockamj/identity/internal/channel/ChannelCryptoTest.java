package dev.ockamj.identity.internal.channel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ockamj.identity.internal.vault.AesGcm;
import dev.ockamj.node.Route;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The channel's messages, renewal of keys and window of nonces, as Ockam's encryptor and decryptor. */
class ChannelCryptoTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] KEY = HEX.parseHex("109c4b99ea3a4784ff55af5eed86c99e853f5a76d83ce437a9e3e27ede242a6a");

    @Test
    void theNonceWindowAcceptsAndRefusesAsOckamsOwnTest() {
        // nonce_tracker.rs check_nonce_tracker at fb8fb64, in order; true = accepted
        long[] nonces = {0, 1, 0, 34, 33, 1, 34, 35, 33, 34, 64, 31, 96, 128};
        boolean[] accepted = {true, true, false, false, true, false, true, true, false, false, true, false, true, true};
        NonceWindow w = NonceWindow.START;
        for (int i = 0; i < nonces.length; i++) {
            NonceWindow next = w.mark(nonces[i]);
            assertEquals(accepted[i], next != null, "nonce " + nonces[i] + " (step " + i + ")");
            if (next != null) {
                w = next;
            }
        }
        for (long n = 97; n <= 127; n++) {
            w = w.mark(n);
            assertNotNull(w, "nonce " + n);
        }
        for (long n = 129; n <= 160; n++) {
            w = w.mark(n);
            assertNotNull(w, "nonce " + n);
        }
    }

    @Test
    void messagesCarryTheirNonceAndRenewTheKeyEvery32() {
        Encryptor e = new Encryptor(KEY, 0);
        Decryptor d = new Decryptor(KEY);
        for (int i = 0; i < 200; i++) {
            byte[] m = e.encrypt(("message " + i).getBytes());
            assertEquals(i, ByteBuffer.wrap(m, 0, 8).getLong());
            assertArrayEquals(("message " + i).getBytes(), d.decrypt(m));
        }
        // message 32 is under the renewed key, exactly as Rekey says, and not under the first one
        Encryptor fresh = new Encryptor(KEY, 0);
        List<byte[]> sent = new ArrayList<>();
        for (int i = 0; i < 33; i++) {
            sent.add(fresh.encrypt(new byte[] {(byte) i}));
        }
        byte[] m32 = sent.get(32);
        byte[] body = java.util.Arrays.copyOfRange(m32, 8, m32.length);
        assertArrayEquals(new byte[] {32}, AesGcm.decrypt(Rekey.next(KEY), AesGcm.nonce(32), new byte[0], body));
        assertThrows(RuntimeException.class, () -> AesGcm.decrypt(KEY, AesGcm.nonce(32), new byte[0], body));
    }

    @Test
    void outOfOrderWithinTheWindowAndAcrossAKeyRenewalIsAccepted() {
        Encryptor e = new Encryptor(KEY, 0);
        List<byte[]> sent = new ArrayList<>();
        for (int i = 0; i < 70; i++) {
            sent.add(e.encrypt(new byte[] {(byte) i}));
        }
        Decryptor d = new Decryptor(KEY);
        for (int i = 0; i < 30; i++) {
            d.decrypt(sent.get(i));
        }
        assertArrayEquals(new byte[] {40}, d.decrypt(sent.get(40))); // next key, derived on the spot
        assertArrayEquals(new byte[] {31}, d.decrypt(sent.get(31))); // the previous key, still kept
        assertArrayEquals(new byte[] {35}, d.decrypt(sent.get(35)));
    }

    @Test
    void replaysForgeriesAndFarNoncesAreRefusedAndChangeNothing() {
        Encryptor e = new Encryptor(KEY, 0);
        Decryptor d = new Decryptor(KEY);
        byte[] first = e.encrypt("one".getBytes());
        byte[] second = e.encrypt("two".getBytes());
        d.decrypt(first);
        assertTrue(assertThrows(ChannelException.class, () -> d.decrypt(first)).getMessage().contains("replay"));
        byte[] flipped = second.clone();
        flipped[flipped.length - 1] ^= 1;
        assertTrue(assertThrows(ChannelException.class, () -> d.decrypt(flipped)).getMessage().contains("does not decrypt"));
        byte[] far = second.clone();
        ByteBuffer.wrap(far).putLong(1_000_000);
        assertThrows(ChannelException.class, () -> d.decrypt(far));
        assertThrows(ChannelException.class, () -> d.decrypt(new byte[23]));
        // none of that moved the state: the real message still decrypts, once
        assertArrayEquals("two".getBytes(), d.decrypt(second));
        assertThrows(ChannelException.class, () -> d.decrypt(second));
        // two keys ahead (nonce 64 while the current block starts at 0) is refused
        Encryptor ahead = new Encryptor(KEY, 0);
        byte[] m = null;
        for (int i = 0; i <= 64; i++) {
            m = ahead.encrypt(new byte[0]);
        }
        Decryptor fresh = new Decryptor(KEY);
        byte[] last = m;
        assertThrows(ChannelException.class, () -> fresh.decrypt(last));
    }

    private static JsonNode vector(String name) throws Exception {
        try (InputStream in = ChannelCryptoTest.class.getResourceAsStream("/vectors/channel-messages.json")) {
            assertNotNull(in);
            for (JsonNode c : new ObjectMapper().readTree(in).get("cases")) {
                if (c.get("name").asText().equals(name)) {
                    return c;
                }
            }
        }
        throw new AssertionError("no vector " + name);
    }

    @Test
    void closeAndRefreshCredentialsHaveOckamsBytes() throws Exception {
        byte[] close = HEX.parseHex(vector("padded_message_close").get("hex").asText());
        assertArrayEquals(close, ChannelMessage.encode(new ChannelMessage.Close()));
        assertInstanceOf(ChannelMessage.Close.class, ChannelMessage.decode(close));
        byte[] refresh = HEX.parseHex(vector("padded_message_refresh_credentials").get("hex").asText());
        ChannelMessage m = ChannelMessage.decode(refresh);
        assertInstanceOf(ChannelMessage.RefreshCredentials.class, m);
        assertArrayEquals(refresh, ChannelMessage.encode(m));
    }

    @Test
    void aPayloadMessageHasTheLayoutOfOckamsTypes() {
        // hand-computed from message.rs, route.rs and address.rs (no Ockam vector has a Payload)
        ChannelMessage.Payload p = new ChannelMessage.Payload(Route.of("echo"), Route.of("app"), "hi".getBytes());
        byte[] bytes = ChannelMessage.encode(p);
        assertEquals("82" + "820081" + "83" + "818200446563686f" + "81820043617070"
                + "426869" + "40", HEX.formatHex(bytes));
        ChannelMessage.Payload back = (ChannelMessage.Payload) ChannelMessage.decode(bytes);
        assertEquals(Route.of("echo"), back.onwardRoute());
        assertEquals(Route.of("app"), back.returnRoute());
        assertArrayEquals("hi".getBytes(), back.payload());
        assertThrows(ChannelException.class, () -> ChannelMessage.decode(HEX.parseHex("8282038040")));
        assertThrows(ChannelException.class, () -> ChannelMessage.decode(HEX.parseHex("828202804000")));
    }
}
