/**
 * ockamj nodes as members of an Akka cluster, for applications that outgrow one JVM: members route to each
 * other's workers, publish services any member can reach, and spread stateful workers over the members with
 * Cluster Sharding.
 *
 * <p>{@link dev.ockamj.cluster.ClusterNode#builder()} starts a member: an ordinary {@link dev.ockamj.node.Node}
 * whose ActorSystem joins the cluster. Routes reach other members through three transport types of the
 * cluster's own: a member ({@link dev.ockamj.cluster.ClusterNode#CLUSTER_MEMBER}, {@code 100#host:port}), one
 * provider of a service ({@link dev.ockamj.cluster.ClusterNode#CLUSTER_SERVICE}, {@code 101#name}) and a sharded
 * worker ({@link dev.ockamj.cluster.ClusterNode#SHARDED_WORKER}, {@code 102#type/id}).
 * {@link dev.ockamj.cluster.ClusterNode#members()} lists the members as {@link dev.ockamj.cluster.MemberInfo}s.
 */
package dev.ockamj.cluster;
