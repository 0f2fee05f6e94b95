package dev.ockamj.cluster;

import akka.actor.typed.Behavior;
import akka.actor.typed.PostStop;
import akka.actor.typed.javadsl.Behaviors;
import dev.ockamj.node.Address;
import dev.ockamj.node.Node;
import dev.ockamj.node.OckamException;
import dev.ockamj.node.Worker;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sharded entity: Cluster Sharding creates it on its first message and stops it when idle or when its
 * shard moves. It runs its worker as an ordinary worker of this node, at a local address made from the type and
 * entity id, so the worker is written like any other; its state lives as long as the entity does.
 */
final class ShardedEntity {
    private static final Logger LOG = LoggerFactory.getLogger(ShardedEntity.class);

    private ShardedEntity() {
    }

    static Address localAddress(String type, String entityId) {
        return Address.local("ockamj.sharded." + type + "." + entityId);
    }

    static Behavior<ClusterEnvelope> behavior(Node node, String type, String entityId, Function<String, ? extends Worker<?>> factory) {
        return Behaviors.setup(ctx -> {
            Address local = localAddress(type, entityId);
            node.startWorker(List.of(local), factory.apply(entityId));
            LOG.debug("sharded worker {} started at {}", type + "/" + entityId, local);
            return Behaviors.receive(ClusterEnvelope.class)
                    .onMessage(ClusterEnvelope.class, env -> {
                        Inbound.deliver(node, env, local);
                        return Behaviors.same();
                    })
                    .onSignal(PostStop.class, s -> {
                        try {
                            node.stopWorker(local); // passivated or moved: the worker's shutdown runs
                        } catch (OckamException e) {
                            // the node is stopping: its workers stop anyway
                        }
                        return Behaviors.same();
                    })
                    .build();
        });
    }
}
