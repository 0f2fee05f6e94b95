package dev.ockamj.node;

import java.util.Objects;

/**
 * Names one flow of incoming messages, e.g. everything arriving through one TCP connection. A flow may have
 * a parent (the listener that accepted the connection): consumers of the parent are consumers of the child.
 */
public record FlowControlId(String value, FlowControlId parent) {
    public FlowControlId {
        Objects.requireNonNull(value, "value");
    }

    /** A fresh random id with no parent. */
    public static FlowControlId random() {
        return new FlowControlId(Address.random().valueString(), null);
    }

    /** A fresh random id whose consumers include every consumer of {@code parent}. */
    public static FlowControlId childOf(FlowControlId parent) {
        return new FlowControlId(Address.random().valueString(), Objects.requireNonNull(parent, "parent"));
    }

    @Override
    public String toString() {
        return parent == null ? value : value + " (in " + parent + ")";
    }
}
