package dev.ockamj.node;

import java.util.Objects;

/**
 * Names one flow of incoming messages, e.g. everything arriving through one TCP connection. A flow may have
 * a parent (the listener that accepted the connection): consumers of the parent are consumers of the child.
 *
 * @param value the id's text, random for ids made here
 * @param parent the parent flow, or null
 */
public record FlowControlId(String value, FlowControlId parent) {
    /**
     * Checks the value.
     *
     * @param value the id's text, not null
     * @param parent the parent flow, or null
     * @throws NullPointerException if {@code value} is null
     */
    public FlowControlId {
        Objects.requireNonNull(value, "value");
    }

    /**
     * A fresh random id with no parent.
     *
     * @return a new id (a random LOCAL address's text)
     */
    public static FlowControlId random() {
        return new FlowControlId(Address.random().valueString(), null);
    }

    /**
     * A fresh random id whose consumers include every consumer of {@code parent}.
     *
     * @param parent the parent flow, not null
     * @return a new child id
     */
    public static FlowControlId childOf(FlowControlId parent) {
        return new FlowControlId(Address.random().valueString(), Objects.requireNonNull(parent, "parent"));
    }

    /**
     * The value, followed by the parent in parentheses if there is one.
     *
     * @return e.g. {@code 3f2a... (in 91bc...)}
     */
    @Override
    public String toString() {
        return parent == null ? value : value + " (in " + parent + ")";
    }
}
