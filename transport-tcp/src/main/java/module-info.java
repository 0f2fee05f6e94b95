/**
 * Ockam's TCP transport for ockamj nodes: {@link dev.ockamj.transport.tcp.TcpTransport}, its listeners and
 * connections, speaking Ockam's wire protocol (current CBOR and legacy BARE). The wire codecs are internal.
 */
module dev.ockamj.transport.tcp {
    requires transitive dev.ockamj.node;
    requires org.slf4j;

    exports dev.ockamj.transport.tcp;
}
