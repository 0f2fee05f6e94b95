/**
 * Ockam identities and secure channels: {@link dev.ockamj.identity.SecureChannels} gives a node an identity and
 * opens end-to-end encrypted, mutually authenticated channels (Noise XX, X25519, AES-256-GCM) with other nodes'
 * identities, byte-compatible with Ockam's; {@link dev.ockamj.identity.Identity} and
 * {@link dev.ockamj.identity.Identifier} are verified identities and their names. See docs/secure-channels.md.
 */
package dev.ockamj.identity;
