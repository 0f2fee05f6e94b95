package dev.ockamj.identity.internal;

import dev.ockamj.node.Node;
import dev.ockamj.node.Route;

/** Starts an initiator's worker from outside the package. */
public final class DecryptorStarter {
    private DecryptorStarter() {
    }

    public static void start(Node node, ChannelState state, ChannelHandshake handshake, Route route) {
        DecryptorWorker.start(node, state, handshake, route);
    }
}
