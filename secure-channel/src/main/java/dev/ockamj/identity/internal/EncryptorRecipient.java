package dev.ockamj.identity.internal;

import dev.ockamj.identity.internal.channel.Channel;
import dev.ockamj.node.Address;
import dev.ockamj.node.OckamException;
import dev.ockamj.node.Route;
import dev.ockamj.node.Routed;
import dev.ockamj.node.codec.NeutralMessage;
import dev.ockamj.node.spi.NodeSpi;
import dev.ockamj.node.spi.Payloads;
import dev.ockamj.node.spi.Recipient;
import io.micrometer.core.instrument.Counter;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The channel's address (Ockam's encryptor, encryptor_worker.rs at fb8fb64): what a local worker sends to it is
 * encrypted on the sender's own thread, with the rest of its onward route and its return route inside, and goes
 * on to the peer's decryptor with an empty return route, as Ockam's does. No actor hop: the encryption is the
 * only work, and the sender's thread is where it is cheapest. Replies to the sender may come back through the
 * channel. Thread-safe: {@link Channel.Sender} orders the nonces.
 */
final class EncryptorRecipient implements Recipient {
    private static final Logger LOG = LoggerFactory.getLogger(EncryptorRecipient.class);
    private final ChannelState state;
    private final NodeSpi spi;
    private final Channel.Sender sender;
    private final UnaryOperator<byte[]> refreshMessage;
    private final Counter encrypted; // null without metrics
    private volatile Address lastConsumer;

    /**
     * @param refreshMessage a credential of this side → Ockam's RefreshCredentials message with it
     * @param meters the channel's meters, or null
     */
    EncryptorRecipient(ChannelState state, Channel.Sender sender, UnaryOperator<byte[]> refreshMessage,
                       SecureChannelMetrics.ChannelMeters meters) {
        this.state = state;
        this.spi = NodeSpi.of(state.node());
        this.sender = sender;
        this.refreshMessage = refreshMessage;
        this.encrypted = meters == null ? null : meters.encrypted;
    }

    @Override
    public void deliver(Routed<?> msg) {
        try {
            Route back = msg.returnRoute();
            Address first = back.nextOrNull();
            if (first != null && first.isLocal() && !first.equals(lastConsumer)) {
                state.node().flowControls().addConsumer(first, state.flow()); // its reply may come out of the channel
                lastConsumer = first;
            }
            byte[] frame = sender.payload(msg.onwardRoute().step(), back, Payloads.encode(msg.body()));
            if (encrypted != null) { // before it goes: the reply may come back before this thread goes on
                encrypted.increment();
            }
            send(frame, msg.tracingContext());
        } catch (OckamException e) {
            LOG.warn("secure channel {}: a message from {} is not sent: {}", state.encryptor(), msg.source(), e.getMessage());
            spi.failRequests(msg, e);
        } catch (IllegalStateException e) { // every nonce used
            LOG.warn("secure channel {}: {}", state.encryptor(), e.getMessage());
            spi.failRequests(msg, new OckamException(OckamException.Kind.TRANSPORT, e.getMessage()));
            state.close();
        }
    }

    /** Ockam's RefreshCredentials: presents {@code credential} (CBOR) to the peer with this side's history. */
    void presentCredential(byte[] credential) {
        send(sender.refreshCredentials(refreshMessage.apply(credential)), null);
    }

    /** Tells the peer the channel is closed; quietly does nothing if the way to it is gone. */
    void sendClose() {
        try {
            send(sender.close(), null);
        } catch (RuntimeException e) {
            // the node is stopping or the route is gone: the peer's channel ends with its connection
        }
    }

    /** {@code tracing}: the plaintext's trace goes on outside the ciphertext, as in Ockam (encryptor_worker.rs). */
    private void send(byte[] frame, String tracing) {
        spi.route(Routed.of(NeutralMessage.wrap(frame), state.remoteRoute(), Route.empty(), state.encryptor())
                .withTracingContext(tracing));
    }
}
