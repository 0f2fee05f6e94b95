package dev.ockamj.cluster;

import dev.ockamj.node.spi.NodeSpi;

import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import dev.ockamj.node.Address;
import dev.ockamj.node.codec.NeutralMessage;
import dev.ockamj.node.Node;
import dev.ockamj.node.Route;
import dev.ockamj.node.Routed;

/**
 * Where envelopes from other members land: the member's router (registered with the Receptionist) and each
 * published service's endpoint. The sending member goes onto the return route; the message is then routed on
 * this node like any local message (members of one cluster trust each other: see docs/cluster.md).
 */
final class Inbound {
    private Inbound() {
    }

    /** @param prefix the local worker to deliver to first (a service's worker), or null for the member router */
    static Behavior<ClusterEnvelope> behavior(Node node, Address prefix) {
        return Behaviors.receive(ClusterEnvelope.class).onMessage(ClusterEnvelope.class, env -> {
            deliver(node, env, prefix);
            return Behaviors.same();
        }).build();
    }

    static void deliver(Node node, ClusterEnvelope env, Address prefix) {
        Address from = Address.of(ClusterNode.CLUSTER_MEMBER, env.fromMember());
        Route onward = WireAddress.route(env.onward());
        if (prefix != null) {
            onward = onward.prepend(prefix);
        }
        Route back = WireAddress.route(env.returnRoute()).prepend(from);
        NodeSpi.of(node).route(Routed.of(NeutralMessage.wrap(env.payload()), onward, back, from));
    }
}
