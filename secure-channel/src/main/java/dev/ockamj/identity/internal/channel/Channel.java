package dev.ockamj.identity.internal.channel;

import dev.ockamj.node.Route;

/** The two halves of an established channel, for its workers: frames out, messages in. */
public final class Channel {
    private Channel() {
    }

    /** Makes the frames one side sends. Not thread-safe: the encryptor worker owns it. */
    public static final class Sender {
        private final Encryptor encryptor;

        public Sender(byte[] key) {
            this.encryptor = new Encryptor(key, 0);
        }

        public byte[] payload(Route onward, Route back, byte[] payload) {
            return encryptor.encrypt(ChannelMessage.encode(new ChannelMessage.Payload(onward, back, payload)));
        }

        public byte[] close() {
            return encryptor.encrypt(ChannelMessage.encode(new ChannelMessage.Close()));
        }

        /** {@code refresh}: the CBOR of Ockam's RefreshCredentialsMessage ({@code [change history, [credentials]]}). */
        public byte[] refreshCredentials(byte[] refresh) {
            return encryptor.encrypt(ChannelMessage.encode(new ChannelMessage.RefreshCredentials(refresh)));
        }
    }

    /** A frame from the peer, decrypted and decoded: its nonce and what it says. */
    public record Received(long nonce, ChannelMessage message) {
    }

    /** Reads the peer's frames. Not thread-safe: the decryptor worker owns it. */
    public static final class Receiver {
        private final Decryptor decryptor;

        public Receiver(byte[] key) {
            this.decryptor = new Decryptor(key);
        }

        /** @throws ChannelException if the frame is refused (the receiver is unchanged then) */
        public Received receive(byte[] frame) {
            byte[] plaintext = decryptor.decrypt(frame);
            return new Received(java.nio.ByteBuffer.wrap(frame, 0, 8).getLong(), ChannelMessage.decode(plaintext));
        }
    }
}
