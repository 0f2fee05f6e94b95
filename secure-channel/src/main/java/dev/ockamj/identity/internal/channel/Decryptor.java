package dev.ockamj.identity.internal.channel;

import dev.ockamj.identity.internal.vault.AesGcm;
import dev.ockamj.identity.internal.vault.VaultException;
import java.nio.ByteBuffer;

/**
 * The receiving half of a channel: accepts a nonce once, within {@link NonceWindow}'s window, with the key of its
 * block of 32 (the current one, the previous one, or the next one derived on the spot), and changes its state
 * only when the message decrypts, so a forged or replayed message leaves the channel as it was (decryptor.rs,
 * key_tracker.rs, nonce_tracker.rs at fb8fb64). Not thread-safe: its {@link Channel.Receiver} orders the calls.
 */
final class Decryptor {
    private final AesGcm.Session aes = new AesGcm.Session();
    private byte[] current;
    private byte[] previous;
    private long rekeys;
    private NonceWindow window = NonceWindow.START;

    Decryptor(byte[] key) {
        this.current = key.clone();
    }

    /** @throws ChannelException naming why the message is refused; the decryptor's state is unchanged then */
    byte[] decrypt(byte[] message) {
        if (message.length < Encryptor.OVERHEAD) {
            throw new ChannelException(ChannelException.Reason.MALFORMED,
                    "a channel message is at least " + Encryptor.OVERHEAD + " bytes, not " + message.length);
        }
        long n = ByteBuffer.wrap(message, 0, 8).getLong();
        if (n == -1L) {
            throw new ChannelException(ChannelException.Reason.REPLAYED, "nonce u64::MAX is never a message's");
        }
        NonceWindow next = window.mark(n);
        if (next == null) {
            throw new ChannelException(ChannelException.Reason.REPLAYED, "nonce " + Long.toUnsignedString(n)
                    + " is a replay or outside the window (highest " + Long.toUnsignedString(window.highest())
                    + ", ±" + NonceWindow.WIDTH + ")");
        }
        byte[] key = keyFor(n);
        byte[] plaintext;
        try {
            plaintext = aes.open(key, n, message, 8, message.length - 8);
        } catch (VaultException e) {
            throw new ChannelException(ChannelException.Reason.DECRYPT_FAILED,
                    "message " + Long.toUnsignedString(n) + " does not decrypt: " + e.getMessage());
        }
        window = next;
        if (key != current && key != previous) {
            previous = current;
            current = key;
            rekeys++;
        }
        return plaintext;
    }

    /** Keys renewed so far: the current key is the first one renewed this many times. */
    long rekeys() {
        return rekeys;
    }

    private byte[] keyFor(long n) {
        long start = rekeys * Rekey.INTERVAL;
        if (Long.compareUnsigned(n, start) >= 0) {
            long ahead = n - start;
            if (Long.compareUnsigned(ahead, Rekey.INTERVAL) < 0) {
                return current;
            }
            if (Long.compareUnsigned(ahead, 2L * Rekey.INTERVAL) < 0) {
                return Rekey.next(aes, current);
            }
            throw new ChannelException(ChannelException.Reason.REPLAYED,
                    "nonce " + Long.toUnsignedString(n) + " is more than one key ahead");
        }
        if (start - n <= Rekey.INTERVAL && previous != null) {
            return previous;
        }
        throw new ChannelException(ChannelException.Reason.REPLAYED,
                "nonce " + Long.toUnsignedString(n) + " is older than the previous key");
    }
}
