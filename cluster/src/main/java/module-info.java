/**
 * ockamj nodes as members of an Akka cluster: routing between members, cluster services and sharded workers
 * ({@link dev.ockamj.cluster.ClusterNode}).
 */
module dev.ockamj.cluster {
    requires transitive dev.ockamj.node;
    requires transitive dev.ockamj.transport.tcp;
    requires akka.actor;
    requires akka.cluster;
    requires akka.cluster.typed;
    requires akka.cluster.sharding;
    requires akka.cluster.sharding.typed;
    requires scala.library;
    requires org.slf4j;

    exports dev.ockamj.cluster;
}
