package dev.ockamj.examples;

import dev.ockamj.node.Node;

/** 01-node: start a node, then stop it. */
public final class Node01 {
    public static void main(String[] args) {
        Node node = Node.start();
        System.out.println("Node " + node.name() + " started, workers: " + node.listWorkers());
        node.stop();
        System.out.println("Node " + node.name() + " stopped");
    }
}
