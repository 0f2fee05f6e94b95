package dev.ockamj.identity;

import dev.ockamj.node.Address;
import dev.ockamj.node.FlowControlId;

/** A running secure channel listener: its address and the flow its channels' messages belong to. Thread-safe. */
public final class SecureChannelListener {
    private final Address address;
    private final FlowControlId flow;

    SecureChannelListener(Address address, FlowControlId flow) {
        this.address = address;
        this.flow = flow;
    }

    /**
     * The LOCAL address peers send their first handshake message to (e.g. {@code api}).
     *
     * @return the LOCAL address peers send their first handshake message to (e.g. {@code api})
     */
    public Address address() {
        return address;
    }

    /**
     * @return the flow of every channel this listener accepts: add a worker as its consumer
     *     ({@code node.flowControls().addConsumer(...)}) to let the listener's peers reach it
     */
    public FlowControlId flowControlId() {
        return flow;
    }
}
