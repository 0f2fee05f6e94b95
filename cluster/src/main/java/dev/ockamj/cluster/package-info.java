/**
 * Ockam nodes as members of an Akka cluster.
 *
 * <p>A {@link dev.ockamj.cluster.ClusterNode} is a node that joins a cluster: messages route between members,
 * a worker can be published as a cluster service and reached by name, and sharded workers are spread over the
 * members by Akka Cluster Sharding. See docs/cluster.md.
 */
package dev.ockamj.cluster;
