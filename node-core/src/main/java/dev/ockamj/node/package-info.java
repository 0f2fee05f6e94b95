/**
 * Ockam's nodes and workers on the JVM: a {@link dev.ockamj.node.Node} is an asynchronous runtime, backed by one
 * Akka ActorSystem, that runs {@link dev.ockamj.node.Worker}s — stateful, single-threaded handlers that have
 * {@link dev.ockamj.node.Address}es and exchange {@link dev.ockamj.node.Routed} messages along
 * {@link dev.ockamj.node.Route}s.
 *
 * <p>Start with {@link dev.ockamj.node.Node#start()}; the node is also the program's own
 * {@link dev.ockamj.node.Context} (address {@code app}) to send, request replies and receive.
 * {@link dev.ockamj.node.WorkerBuilder} starts workers at several addresses with their own access control
 * ({@link dev.ockamj.node.IncomingAccessControl}, {@link dev.ockamj.node.OutgoingAccessControl}),
 * {@link dev.ockamj.node.Processor}s are loops that may block, and {@link dev.ockamj.node.FlowControls} decide
 * which workers messages from other nodes may reach. Every error is an {@link dev.ockamj.node.OckamException}
 * with a machine-readable kind.
 */
package dev.ockamj.node;
