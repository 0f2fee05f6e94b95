package dev.ockamj.node.internal;

import dev.ockamj.node.Node;
import dev.ockamj.node.spi.NodeSpi;

/**
 * The one door from ockamj's SPI package into the node's package-private machinery (the "shared secrets"
 * pattern of the JDK): {@code dev.ockamj.node} installs its side once, when {@link Node} is initialised.
 */
public final class NodeInternals {

    /** What the node package offers the SPI. */
    public interface Access {
        NodeSpi spi(Node node);

        boolean deferToEndOfBurst(Runnable action);
    }

    private static volatile Access access;

    private NodeInternals() {
    }

    /**
     * Installs the node package's side; called once, by {@link Node}'s static initialiser.
     *
     * @throws IllegalStateException if it was installed already
     */
    public static synchronized void install(Access nodeSide) {
        if (access != null) {
            throw new IllegalStateException("NodeInternals already installed");
        }
        access = nodeSide;
    }

    /** The node package's side, initialising {@link Node} first if needed. */
    public static Access access() {
        Access a = access;
        if (a == null) {
            try {
                Class.forName(Node.class.getName(), true, Node.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            a = access;
        }
        return a;
    }
}
