package dev.ockamj.cluster;

/** Marker of what crosses between members: bound to Akka's jackson-cbor serializer (ockamj-cluster.conf). */
public interface ClusterMessage {
}
