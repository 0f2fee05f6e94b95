package dev.ockamj.node;

import com.typesafe.config.ConfigFactory;

final class TestNodes {
    private TestNodes() {
    }

    /** A node whose stop gives up on hanging shutdowns after {@code shutdownTimeoutMs}. */
    static Node start(String name, long shutdownTimeoutMs) {
        return Node.builder().name(name)
                .config(ConfigFactory.parseString("ockamj.node.shutdown-timeout = " + shutdownTimeoutMs + "ms"))
                .start();
    }

    static Node start(String name) {
        return start(name, 5000);
    }
}
