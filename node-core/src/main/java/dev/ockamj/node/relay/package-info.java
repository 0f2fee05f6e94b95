/**
 * Relays, as Ockam's ({@code ockam/src/relay_service/} and {@code ockam/src/remote/} at fb8fb64): a node that
 * others cannot reach (no open port, behind a NAT) registers a name on a node that they can, over a connection it
 * opened itself; messages sent to {@code forward_to_NAME} on that node travel back over that connection.
 *
 * <ul>
 * <li>{@link dev.ockamj.node.relay.RelayService} runs on the reachable node, at {@code forwarding_service} and
 *     {@code static_forwarding_service}, and creates a relay worker per registration.
 * <li>{@link dev.ockamj.node.relay.RemoteRelay} runs on the node that registers, keeps its relay registered and
 *     registers it again when the connection under it closes and can be opened again.
 * </ul>
 *
 * <p>Wire (byte-compatible with Ockam): a registration is a BARE string, the name or {@code register} for a
 * random one; the reply is a BARE string, the relay's full name, sent from the relay's address.
 */
package dev.ockamj.node.relay;
