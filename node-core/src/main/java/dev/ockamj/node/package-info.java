/**
 * Ockam nodes and workers on Akka typed: the API an application codes against.
 *
 * <p>A {@link dev.ockamj.node.Node} runs {@link dev.ockamj.node.Worker}s (one message at a time each, on the
 * node's dispatcher) and {@link dev.ockamj.node.Processor}s, each at one or more
 * {@link dev.ockamj.node.Address}es. Messages travel as {@link dev.ockamj.node.Routed} along a
 * {@link dev.ockamj.node.Route} (onward and return), hop by hop; a handler talks to the node through its
 * {@link dev.ockamj.node.Context}. {@link dev.ockamj.node.IncomingAccessControl} and
 * {@link dev.ockamj.node.OutgoingAccessControl} decide who may reach a worker and where it may send. Errors are
 * {@link dev.ockamj.node.OckamException}s with a {@link dev.ockamj.node.OckamException.Kind}. See
 * docs/nodes-and-workers.md and docs/routing.md.
 */
package dev.ockamj.node;
