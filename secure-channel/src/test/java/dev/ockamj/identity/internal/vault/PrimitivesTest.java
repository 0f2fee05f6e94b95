package dev.ockamj.identity.internal.vault;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The vault's primitives against their RFCs' own test vectors. */
class PrimitivesTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void x25519MatchesRfc7748Section6_1() {
        byte[] alice = HEX.parseHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
        byte[] bob = HEX.parseHex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
        assertArrayEquals(HEX.parseHex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"),
                X25519.publicKey(alice));
        assertArrayEquals(HEX.parseHex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f"),
                X25519.publicKey(bob));
        byte[] shared = HEX.parseHex("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
        assertArrayEquals(shared, X25519.dh(alice, X25519.publicKey(bob)));
        assertArrayEquals(shared, X25519.dh(bob, X25519.publicKey(alice)));
    }

    @Test
    void x25519RefusesALowOrderPeerKey() {
        // the all-zero point: the shared secret would be zeros (RFC 7748 §6.1 says to check)
        assertThrows(VaultException.class, () -> X25519.dh(X25519.generatePrivateKey(), new byte[32]));
        assertThrows(VaultException.class, () -> X25519.dh(new byte[31], new byte[32]));
    }

    @Test
    void hkdfMatchesRfc5869TestCase3WhereInfoIsEmpty() {
        // RFC 5869 A.3: IKM = 22 bytes of 0x0b, salt and info empty, L = 42
        byte[][] out = Sha256.hkdf(new byte[0], HEX.parseHex("0b".repeat(22)), 2);
        String okm = HEX.formatHex(out[0]) + HEX.formatHex(out[1]);
        assertArrayEquals(HEX.parseHex("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8"),
                HEX.parseHex(okm.substring(0, 84)));
    }

    @Test
    void aesGcmMatchesTheGcmSpecTestCase16AndRefusesAChangedBit() {
        // McGrew & Viega, "The Galois/Counter Mode of Operation", test case 16 (AES-256, 12-byte IV, AAD)
        byte[] key = HEX.parseHex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308");
        byte[] iv = HEX.parseHex("cafebabefacedbaddecaf888");
        byte[] pt = HEX.parseHex("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39");
        byte[] aad = HEX.parseHex("feedfacedeadbeeffeedfacedeadbeefabaddad2");
        byte[] expected = HEX.parseHex("522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662"
                + "76fc6ece0f4e1768cddf8853bb2d551b");
        byte[] sealed = AesGcm.encrypt(key, iv, aad, pt);
        assertArrayEquals(expected, sealed);
        assertArrayEquals(pt, AesGcm.decrypt(key, iv, aad, sealed));
        sealed[3] ^= 1;
        assertThrows(VaultException.class, () -> AesGcm.decrypt(key, iv, aad, sealed));
        assertThrows(VaultException.class, () -> AesGcm.decrypt(key, iv, aad, new byte[15]));
    }

    @Test
    void theNonceIsFourZerosThenTheCounterBigEndian() {
        assertArrayEquals(HEX.parseHex("000000000000000000000001"), AesGcm.nonce(1));
        assertArrayEquals(HEX.parseHex("00000000ffffffffffffffff"), AesGcm.nonce(-1));
    }
}
