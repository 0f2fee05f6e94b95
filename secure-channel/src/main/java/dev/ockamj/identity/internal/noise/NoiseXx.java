package dev.ockamj.identity.internal.noise;

import dev.ockamj.identity.internal.vault.AesGcm;
import dev.ockamj.identity.internal.vault.VaultException;
import dev.ockamj.identity.internal.vault.X25519;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One side of a Noise XX handshake (-> e; <- e, ee, s, es; -> s, se) with X25519, AES-256-GCM and SHA-256, as
 * Ockam runs it (ockam_identity/src/secure_channel/handshake/handshake.rs at fb8fb64). Messages are taken in
 * turn; any failure ends the handshake (later calls throw), as in Ockam, where a failed step leaves it unable to
 * finish. Not thread-safe.
 */
public final class NoiseXx {
    /** Ockam's production protocol name: exactly 32 bytes, used as it is. */
    public static final byte[] OCKAM_PROTOCOL_NAME = "OCKAM_XX_25519_AES256_GCM_SHA256".getBytes(StandardCharsets.US_ASCII);
    /** The standard name, padded with zeros to 32 bytes, as Ockam's known-answer tests use it. */
    public static final byte[] NOISE_PROTOCOL_NAME = Arrays.copyOf(
            "Noise_XX_25519_AESGCM_SHA256".getBytes(StandardCharsets.US_ASCII), 32);
    /** The largest handshake message, for encoding and decoding alike. */
    public static final int MAX_MESSAGE_SIZE = 65535;

    private static final int KEY = X25519.KEY_LENGTH;
    private static final int SEALED_KEY = KEY + AesGcm.TAG_LENGTH;

    /** Which side this is. */
    public enum Role { INITIATOR, RESPONDER }

    /** The transport keys once the handshake is done, for this side's two directions. */
    public record Keys(byte[] encryptionKey, byte[] decryptionKey) {
    }

    private enum Step { WRITE_1, READ_1, WRITE_2, READ_2, WRITE_3, READ_3, DONE, FAILED }

    private final Role role;
    private final SymmetricState state;
    private final byte[] s;
    private final byte[] e;
    private byte[] re;
    private byte[] rs;
    private Step next;
    private Keys keys;

    /**
     * @param protocolName 32 bytes: {@link #OCKAM_PROTOCOL_NAME} in production
     * @param staticPrivate this side's static X25519 private key (the secure channel purpose key)
     * @param ephemeralPrivate a fresh X25519 private key for this handshake only
     */
    public NoiseXx(Role role, byte[] protocolName, byte[] staticPrivate, byte[] ephemeralPrivate) {
        this.role = role;
        this.state = new SymmetricState(protocolName);
        this.s = staticPrivate.clone();
        this.e = ephemeralPrivate.clone();
        this.next = role == Role.INITIATOR ? Step.WRITE_1 : Step.READ_1;
    }

    /** A handshake with a fresh ephemeral key and Ockam's protocol name. */
    public static NoiseXx start(Role role, byte[] staticPrivate) {
        return new NoiseXx(role, OCKAM_PROTOCOL_NAME, staticPrivate, X25519.generatePrivateKey());
    }

    public Role role() {
        return role;
    }

    /** Initiator: e, then the payload in clear (Ockam sends none). */
    public byte[] writeMessage1(byte[] payload) {
        return run(Step.WRITE_1, () -> {
            byte[] ePub = X25519.publicKey(e);
            state.mixHash(ePub);
            return limit(concat(ePub, state.encryptAndHash(payload)));
        });
    }

    /** Responder: returns message 1's payload. */
    public byte[] readMessage1(byte[] message) {
        return run(Step.READ_1, () -> {
            checkLength(message, KEY, "message 1");
            re = Arrays.copyOfRange(message, 0, KEY);
            state.mixHash(re);
            return state.decryptAndHash(Arrays.copyOfRange(message, KEY, message.length));
        });
    }

    /** Responder: e, ee, s, es, then the payload encrypted. */
    public byte[] writeMessage2(byte[] payload) {
        return run(Step.WRITE_2, () -> {
            byte[] ePub = X25519.publicKey(e);
            state.mixHash(ePub);
            state.mixKey(X25519.dh(e, re));
            byte[] sealedS = state.encryptAndHash(X25519.publicKey(s));
            state.mixKey(X25519.dh(s, re));
            return limit(concat(ePub, sealedS, state.encryptAndHash(payload)));
        });
    }

    /** Initiator: returns message 2's payload; {@link #remoteStaticKey()} is known after it. */
    public byte[] readMessage2(byte[] message) {
        return run(Step.READ_2, () -> {
            checkLength(message, KEY + SEALED_KEY + AesGcm.TAG_LENGTH, "message 2");
            re = Arrays.copyOfRange(message, 0, KEY);
            state.mixHash(re);
            state.mixKey(X25519.dh(e, re));
            rs = state.decryptAndHash(Arrays.copyOfRange(message, KEY, KEY + SEALED_KEY));
            state.mixKey(X25519.dh(e, rs));
            return state.decryptAndHash(Arrays.copyOfRange(message, KEY + SEALED_KEY, message.length));
        });
    }

    /** Initiator: s, se, then the payload encrypted; the handshake is done. */
    public byte[] writeMessage3(byte[] payload) {
        return run(Step.WRITE_3, () -> {
            byte[] sealedS = state.encryptAndHash(X25519.publicKey(s));
            state.mixKey(X25519.dh(s, re));
            byte[] m = limit(concat(sealedS, state.encryptAndHash(payload)));
            finish();
            return m;
        });
    }

    /** Responder: returns message 3's payload; the handshake is done. */
    public byte[] readMessage3(byte[] message) {
        return run(Step.READ_3, () -> {
            checkLength(message, SEALED_KEY + AesGcm.TAG_LENGTH, "message 3");
            rs = state.decryptAndHash(Arrays.copyOfRange(message, 0, SEALED_KEY));
            state.mixKey(X25519.dh(e, rs));
            byte[] p = state.decryptAndHash(Arrays.copyOfRange(message, SEALED_KEY, message.length));
            finish();
            return p;
        });
    }

    /** The peer's static public key, once a message has carried it (null before). */
    public byte[] remoteStaticKey() {
        return rs == null ? null : rs.clone();
    }

    /** The transport keys, or null before the handshake is done. */
    public Keys keys() {
        return keys;
    }

    public boolean isDone() {
        return next == Step.DONE;
    }

    byte[] handshakeHash() {
        return state.handshakeHash();
    }

    byte[] chainingKey() {
        return state.chainingKey();
    }

    long nonce() {
        return state.nonce();
    }

    /** Ockam's Split: k1 carries responder→initiator, k2 initiator→responder (the reverse of Noise's c1/c2 use). */
    private void finish() {
        byte[][] k = state.split();
        keys = role == Role.INITIATOR ? new Keys(k[1], k[0]) : new Keys(k[0], k[1]);
        Arrays.fill(e, (byte) 0);
    }

    private interface Body {
        byte[] run();
    }

    private byte[] run(Step step, Body body) {
        if (next != step) {
            throw new HandshakeException("the " + role.name().toLowerCase() + " cannot " + describe(step) + " now ("
                    + (next == Step.FAILED ? "the handshake failed" : next == Step.DONE ? "the handshake is done"
                    : "it expects to " + describe(next)) + ")");
        }
        Step failed = next;
        next = Step.FAILED; // until the step succeeds
        try {
            byte[] out = body.run();
            next = successor(failed);
            return out;
        } catch (VaultException ex) {
            throw new HandshakeException("cannot " + describe(step) + ": " + ex.getMessage(), ex);
        }
    }

    private Step successor(Step done) {
        return switch (done) {
            case WRITE_1 -> Step.READ_2;
            case READ_1 -> Step.WRITE_2;
            case WRITE_2 -> Step.READ_3;
            case READ_2 -> Step.WRITE_3;
            case WRITE_3, READ_3 -> Step.DONE;
            default -> throw new IllegalStateException(done.name());
        };
    }

    private static String describe(Step step) {
        return switch (step) {
            case WRITE_1 -> "write message 1";
            case READ_1 -> "read message 1";
            case WRITE_2 -> "write message 2";
            case READ_2 -> "read message 2";
            case WRITE_3 -> "write message 3";
            case READ_3 -> "read message 3";
            case DONE -> "take another message";
            case FAILED -> "continue";
        };
    }

    private static void checkLength(byte[] message, int min, String what) {
        if (message.length > MAX_MESSAGE_SIZE) {
            throw new HandshakeException(what + " is " + message.length + " bytes, above the limit of "
                    + MAX_MESSAGE_SIZE);
        }
        if (message.length < min) {
            throw new HandshakeException(what + " is " + message.length + " bytes, shorter than its " + min
                    + "-byte minimum");
        }
    }

    private static byte[] limit(byte[] message) {
        if (message.length > MAX_MESSAGE_SIZE) {
            throw new HandshakeException("a handshake message of " + message.length + " bytes is above the limit of "
                    + MAX_MESSAGE_SIZE);
        }
        return message;
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
