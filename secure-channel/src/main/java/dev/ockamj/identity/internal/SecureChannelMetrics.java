package dev.ockamj.identity.internal;

import dev.ockamj.identity.internal.channel.Channel;
import dev.ockamj.identity.internal.channel.ChannelException;
import dev.ockamj.node.spi.NodeSpi;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;

/**
 * A node's secure channels' meters in the node's registry ({@link NodeSpi#meterRegistry()}), or none: without a
 * registry nothing is registered and counting is one null check. Per node: the handshakes by role and outcome, and
 * the messages decryptors refused, by reason; they leave the registry when the node stops. Per channel: the
 * messages it encrypted and decrypted and its key renewals, registered when its handshake completes and removed
 * when it closes, so there are as many of those series as open channels. Names and tags: docs/observability.md.
 *
 * <p>Threads: any. Micrometer's counters are thread-safe.
 */
public final class SecureChannelMetrics {
    /** Why a handshake did not complete: the {@code reason} of a failed {@code ockamj.secure_channel.handshakes}. */
    enum HandshakeFailure {
        /** A handshake message that does not decode, is out of turn or does not decrypt (Noise). */
        BAD_MESSAGE("bad_message"),
        /** The peer's change history, its attestation or its secure channel key does not verify. */
        BAD_IDENTITY("bad_identity"),
        /** The peer verified, and the trust policy refused it. */
        TRUST_REFUSED("trust_refused"),
        /** The initiator's timeout, or the listener's handshake timeout, passed. */
        TIMEOUT("timeout"),
        /** The channel was closed, or its node stopped, before the handshake ended. */
        CLOSED("closed");

        final String tag;

        HandshakeFailure(String tag) {
            this.tag = tag;
        }
    }

    private static final int INITIATOR = 0;
    private static final int RESPONDER = 1;
    private static final String[] ROLES = {"initiator", "responder"};

    private final MeterRegistry registry;
    private final String node;
    private final Counter[] ok; // by role
    private final Counter[][] failed; // by role, then reason
    private final Counter[] rejected; // by ChannelException.Reason

    /** The meters of {@code spi}'s node, or none if it has no registry. */
    public SecureChannelMetrics(NodeSpi spi) {
        // loaded now, not at the first failure or reject
        HandshakeFailure[] failures = HandshakeFailure.values();
        ChannelException.Reason[] rejects = ChannelException.Reason.values();
        this.registry = spi.meterRegistry().orElse(null);
        this.node = spi.node().name();
        if (registry == null) {
            ok = null;
            failed = null;
            rejected = null;
            return;
        }
        List<Meter> meters = new ArrayList<>();
        ok = new Counter[ROLES.length];
        failed = new Counter[ROLES.length][failures.length];
        for (int role = 0; role < ROLES.length; role++) {
            // the same tag keys on every series (reason empty when ok): some registries want one set per name
            ok[role] = handshakes(ROLES[role], "ok", "");
            meters.add(ok[role]);
            for (HandshakeFailure f : failures) {
                failed[role][f.ordinal()] = handshakes(ROLES[role], "failed", f.tag);
                meters.add(failed[role][f.ordinal()]);
            }
        }
        rejected = new Counter[rejects.length];
        for (ChannelException.Reason r : rejects) {
            rejected[r.ordinal()] = Counter.builder("ockamj.secure_channel.messages.rejected")
                    .tags("node", node, "reason", tag(r))
                    .description("messages from secure channel peers the decryptor refused, by reason")
                    .register(registry);
            meters.add(rejected[r.ordinal()]);
        }
        // the node's series leave the registry with it (a node of the same name may start later)
        spi.node().whenStopped().thenRun(() -> meters.forEach(registry::remove));
    }

    private Counter handshakes(String role, String outcome, String reason) {
        return Counter.builder("ockamj.secure_channel.handshakes")
                .tags("node", node, "role", role, "outcome", outcome, "reason", reason)
                .description("secure channel handshakes that completed or failed, by role").register(registry);
    }

    private static String tag(ChannelException.Reason r) {
        if (r == ChannelException.Reason.MALFORMED) {
            return "malformed";
        }
        if (r == ChannelException.Reason.REPLAYED) {
            return "replayed";
        }
        return "decrypt_failed";
    }

    void handshakeOk(boolean initiator) {
        if (ok != null) {
            ok[initiator ? INITIATOR : RESPONDER].increment();
        }
    }

    void handshakeFailed(boolean initiator, HandshakeFailure reason) {
        if (failed != null) {
            failed[initiator ? INITIATOR : RESPONDER][reason.ordinal()].increment();
        }
    }

    void rejected(ChannelException.Reason reason) {
        if (rejected != null) {
            rejected[reason.ordinal()].increment();
        }
    }

    /**
     * The handshake of {@code state} completed: its meters, tagged with its address and role, or null without a
     * registry. {@link #closed} removes them.
     */
    ChannelMeters opened(ChannelState state, Channel.Sender sender, Channel.Receiver receiver) {
        if (registry == null) {
            return null;
        }
        Tags tags = Tags.of("node", node, "channel", state.encryptor().valueString(),
                "role", ROLES[state.isInitiator() ? INITIATOR : RESPONDER], "listener", state.listener());
        Counter encrypted = Counter.builder("ockamj.secure_channel.messages.encrypted").tags(tags)
                .description("messages of local workers the channel encrypted for the peer").register(registry);
        Counter decrypted = Counter.builder("ockamj.secure_channel.messages.decrypted").tags(tags)
                .description("messages from the peer the channel decrypted and passed on").register(registry);
        List<Meter> meters = new ArrayList<>(List.of(encrypted, decrypted));
        meters.add(FunctionCounter.builder("ockamj.secure_channel.rekeys", sender, Channel.Sender::rekeys)
                .tags(tags).tag("key", "encryption").description("renewals of the channel's keys (every 32 messages)")
                .register(registry));
        meters.add(FunctionCounter.builder("ockamj.secure_channel.rekeys", receiver, Channel.Receiver::rekeys)
                .tags(tags).tag("key", "decryption").description("renewals of the channel's keys (every 32 messages)")
                .register(registry));
        return new ChannelMeters(encrypted, decrypted, List.copyOf(meters));
    }

    /** The channel closed: its meters leave the registry. Idempotent; {@code meters} may be null. */
    void closed(ChannelMeters meters) {
        if (meters != null) {
            meters.all.forEach(registry::remove);
        }
    }

    /** One open channel's counters, for its encryptor and decryptor to count on. */
    static final class ChannelMeters {
        final Counter encrypted;
        final Counter decrypted;
        private final List<Meter> all;

        private ChannelMeters(Counter encrypted, Counter decrypted, List<Meter> all) {
            this.encrypted = encrypted;
            this.decrypted = decrypted;
            this.all = all;
        }
    }
}
