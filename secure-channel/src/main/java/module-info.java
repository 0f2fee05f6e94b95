/**
 * Ockam identities and secure channels for ockamj nodes: {@link dev.ockamj.identity.SecureChannels},
 * {@link dev.ockamj.identity.Identity}, {@link dev.ockamj.identity.Identifier}, trust policies. The vault, the
 * CBOR codec, the Noise handshake and the channel's workers are internal.
 */
module dev.ockamj.identity {
    requires transitive dev.ockamj.node;
    requires akka.actor; // the handshake timeout's scheduler
    requires scala.library;
    requires org.slf4j;

    exports dev.ockamj.identity;
}
