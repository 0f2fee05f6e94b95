package dev.ockamj.node;

import java.util.Objects;

/** Names one flow of incoming messages, e.g. everything arriving through one TCP listener. */
public record FlowControlId(String value) {
    public FlowControlId {
        Objects.requireNonNull(value, "value");
    }

    /** A fresh random id. */
    public static FlowControlId random() {
        return new FlowControlId(Address.random().valueString());
    }

    @Override
    public String toString() {
        return value;
    }
}
