package dev.ockamj.identity.internal.channel;

import dev.ockamj.node.Route;

/** The two halves of an established channel, for its workers: frames out, messages in. */
public final class Channel {
    private Channel() {
    }

    /** Makes the frames one side sends. Thread-safe: each frame takes the next nonce. */
    public static final class Sender {
        private final Encryptor encryptor;

        public Sender(byte[] key) {
            this.encryptor = new Encryptor(key, 0);
        }

        public byte[] payload(Route onward, Route back, byte[] payload) {
            return seal(ChannelMessage.encode(new ChannelMessage.Payload(onward, back, payload)));
        }

        public byte[] close() {
            return seal(ChannelMessage.encode(new ChannelMessage.Close()));
        }

        /** {@code refresh}: the CBOR of Ockam's RefreshCredentialsMessage ({@code [change history, [credentials]]}). */
        public byte[] refreshCredentials(byte[] refresh) {
            return seal(ChannelMessage.encode(new ChannelMessage.RefreshCredentials(refresh)));
        }

        private synchronized byte[] seal(byte[] plaintext) {
            return encryptor.encrypt(plaintext);
        }

        /** The sending key's renewals so far (for the metrics; the frames' order is not disturbed). */
        public synchronized long rekeys() {
            return encryptor.rekeys();
        }
    }

    /** A frame from the peer, decrypted and decoded: its nonce and what it says. */
    public record Received(long nonce, ChannelMessage message) {
    }

    /** Reads the peer's frames. Thread-safe. */
    public static final class Receiver {
        private final Decryptor decryptor;

        public Receiver(byte[] key) {
            this.decryptor = new Decryptor(key);
        }

        /** @throws ChannelException if the frame is refused (the receiver is unchanged then) */
        public Received receive(byte[] frame) {
            byte[] plaintext;
            synchronized (this) {
                plaintext = decryptor.decrypt(frame);
            }
            return new Received(java.nio.ByteBuffer.wrap(frame, 0, 8).getLong(), ChannelMessage.decode(plaintext));
        }

        /** The receiving key's renewals so far (for the metrics). */
        public synchronized long rekeys() {
            return decryptor.rekeys();
        }
    }
}
