package dev.ockamj.command.multiaddr;

import java.util.Objects;

/**
 * One {@code /protocol/value} part of a {@link MultiAddr}. A segment on its own is not validated; a
 * {@link MultiAddr} only ever holds valid ones.
 */
public record Segment(String protocol, String value) {

    public Segment {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(value, "value");
    }

    /** {@code /protocol/value}. */
    @Override
    public String toString() {
        return "/" + protocol + "/" + value;
    }
}
