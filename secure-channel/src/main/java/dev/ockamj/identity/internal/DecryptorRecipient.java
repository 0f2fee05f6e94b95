package dev.ockamj.identity.internal;

import dev.ockamj.identity.internal.channel.Channel;
import dev.ockamj.identity.internal.channel.ChannelException;
import dev.ockamj.identity.internal.channel.ChannelMessage;
import dev.ockamj.node.OckamException;
import dev.ockamj.node.Route;
import dev.ockamj.node.Routed;
import dev.ockamj.node.codec.NeutralMessage;
import dev.ockamj.node.spi.NodeSpi;
import dev.ockamj.node.spi.Payloads;
import dev.ockamj.node.spi.Recipient;
import io.micrometer.core.instrument.Counter;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The channel's decryptor remote address, where the peer sends (decryptor.rs at fb8fb64). Once the channel is
 * open, a message is decrypted on the thread that delivers it (for a TCP peer: the I/O thread, no actor hop) and
 * goes on from the decryptor internal address, under the channel's flow, with the channel's address in front of
 * its return route so that replies go back encrypted. A message that does not decrypt is dropped and the channel
 * goes on.
 *
 * <p>What is slow or rare goes to the channel's {@link HandshakeWorker}: the handshake messages, credentials
 * presented again, and anything that arrives while the worker still has messages of this channel to take (so that
 * the order the peer sent in is kept across the handshake's end). Thread-safe.
 */
final class DecryptorRecipient implements Recipient {
    private static final Logger LOG = LoggerFactory.getLogger(DecryptorRecipient.class);
    private static final AtomicLong REFUSED = new AtomicLong();
    private static final Runnable NOTHING = () -> { };

    private final ChannelState state;
    private final NodeSpi spi;
    private volatile Channel.Receiver receiver; // set by the worker when the handshake is done
    private volatile Counter decrypted; // set with the receiver, if there are metrics
    /** Messages handed to the worker that it has not taken yet: while there are any, the next ones follow them. */
    private final AtomicInteger withWorker = new AtomicInteger();
    private long lastNonce = -1; // guarded by this
    private Route lastBack; // guarded by this

    DecryptorRecipient(ChannelState state) {
        this.state = state;
        this.spi = NodeSpi.of(state.node());
    }

    @Override
    public void deliver(Routed<?> msg) {
        deliver(msg, NOTHING);
    }

    @Override
    public void deliver(Routed<?> msg, Runnable consumed) {
        boolean passed = false;
        try {
            if (state.isClosed()) {
                return;
            }
            if (receiver == null || withWorker.get() > 0) {
                withWorker.incrementAndGet();
                spi.route(Routed.of(msg.body(), Route.of(state.decryptorInternal()), msg.returnRoute(),
                        state.decryptorRemote()).withTracingContext(msg.tracingContext()), consumed);
                passed = true;
                return;
            }
            passed = open(msg, consumed);
        } catch (RuntimeException e) { // a recipient must not throw: what it cannot take is its own to drop
            LOG.warn("secure channel {} dropped a message from {}: {}", state.encryptor(), msg.returnRoute(), e.toString());
        } finally {
            if (!passed) {
                consumed.run();
            }
        }
    }

    /** The worker took a message handed to it. */
    void takenByWorker() {
        withWorker.decrementAndGet();
    }

    /** The worker: the handshake is done, the channel's messages may be decrypted; {@code meters} may be null. */
    void open(Channel.Receiver r, SecureChannelMetrics.ChannelMeters meters) {
        decrypted = meters == null ? null : meters.decrypted;
        receiver = r;
    }

    /**
     * Decrypts a message of the open channel and delivers what it carries; the worker's turn for what is slow.
     * Returns true if {@code consumed} went on with the delivered message.
     */
    boolean open(Routed<?> msg, Runnable consumed) {
        Channel.Received r;
        try {
            r = receiver.receive(Payloads.encode(msg.body()));
        } catch (ChannelException | OckamException e) {
            // an OckamException: the body is not bytes (DECODE), from a local sender
            state.metrics().rejected(e instanceof ChannelException c ? c.reason() : ChannelException.Reason.MALFORMED);
            long n = REFUSED.incrementAndGet();
            if (n <= 100 || n % 1000 == 0) { // a flood of forgeries must not flood the log
                LOG.warn("secure channel {} dropped a message from {}: {} ({} refused so far)", state.encryptor(),
                        msg.returnRoute(), e.getMessage(), n);
            }
            return false;
        }
        if (r.message() instanceof ChannelMessage.Payload m) {
            Counter c = decrypted;
            if (c != null) {
                c.increment();
            }
            if (!state.isInitiator()) {
                learnRoute(r.nonce(), msg.returnRoute());
            }
            // the ciphertext carries no trace: the message inside goes on in the one its frame came with (Ockam's too)
            spi.route(Routed.of(NeutralMessage.wrap(m.payload()), m.onwardRoute(),
                    m.returnRoute().prepend(state.encryptor()), state.decryptorInternal()).withFlowControlId(state.flow())
                    .withTracingContext(msg.tracingContext()), consumed);
            return true;
        }
        if (r.message() instanceof ChannelMessage.Close) {
            LOG.debug("secure channel {} closed by {}", state.encryptor(), state.peer());
            state.markCloseReceived();
            state.close();
        } else if (r.message() instanceof ChannelMessage.RefreshCredentials refresh) {
            // verifying a history takes signatures: the worker's thread, not the I/O thread; and what follows
            // waits for it, as in Ockam's one decryptor (the credential may admit the next message)
            withWorker.incrementAndGet();
            spi.route(Routed.of(refresh, Route.of(state.decryptorInternal()), msg.returnRoute(), state.decryptorRemote()));
        }
        return false;
    }

    /** The initiator's way to us may have changed (a relay, a new connection): answer along the newest. */
    private synchronized void learnRoute(long nonce, Route back) {
        if (nonce > lastNonce) {
            lastNonce = nonce;
            if (!back.equals(lastBack)) {
                Route old = state.remoteRoute();
                state.remoteRoute(back.append(old.addresses().get(old.size() - 1)));
                lastBack = back;
            }
        }
    }
}
