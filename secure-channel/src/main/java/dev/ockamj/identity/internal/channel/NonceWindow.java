package dev.ockamj.identity.internal.channel;

/**
 * Which nonces a decryptor still accepts: at most 32 ahead of the highest accepted and at most 32 behind it, each
 * once (a 64-bit bitmap: bit i is nonce highest − i). Immutable: {@link #mark} returns the window to keep once
 * the message has decrypted (nonce_tracker.rs at fb8fb64).
 */
record NonceWindow(long highest, long seen) {
    static final NonceWindow START = new NonceWindow(0, 0);
    static final int WIDTH = 32;

    /** The window after {@code n}, or null if {@code n} is a replay or outside the window. */
    NonceWindow mark(long n) {
        if (Long.compareUnsigned(n, highest) > 0) {
            long shift = n - highest;
            if (Long.compareUnsigned(shift, WIDTH) > 0) {
                return null;
            }
            return new NonceWindow(n, (seen << shift) | 1);
        }
        long back = highest - n;
        if (Long.compareUnsigned(back, WIDTH) > 0) {
            return null;
        }
        long bit = 1L << back;
        if ((seen & bit) != 0) {
            return null;
        }
        return new NonceWindow(highest, seen | bit);
    }
}
