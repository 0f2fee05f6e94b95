package dev.ockamj.command;

import dev.ockamj.command.multiaddr.MultiAddr;
import dev.ockamj.command.multiaddr.Protocol;
import dev.ockamj.command.multiaddr.Segment;
import dev.ockamj.command.state.NodeRecord;
import dev.ockamj.command.state.NodeStore;
import java.util.List;

/** Looking nodes up by name, with the errors the user sees. */
final class Nodes {
    private Nodes() {
    }

    /** The node {@code name} names ({@link #name}), which must exist. */
    static NodeRecord existing(NodeStore store, String name) {
        String n = name(name);
        return store.get(n).orElseThrow(() ->
                new CommandException("node '" + n + "' does not exist — see: ockam node list"));
    }

    /** {@code value} as a node name ({@link #name}), or the default node when it is null. */
    static String nameOrDefault(NodeStore store, String value) {
        if (value != null) {
            return name(value);
        }
        return store.getDefault().orElseThrow(() ->
                new CommandException("there is no default node — create one with: ockam node create"));
    }

    /**
     * A node name given as {@code n1} or {@code /node/n1}, as Ockam's {@code extract_address_value} takes it wherever
     * a node is expected. Anything longer ({@code /node/n1/service/x}) is not a node.
     */
    static String name(String value) {
        if (!value.startsWith("/")) {
            return value;
        }
        List<Segment> s = MultiAddr.parse(value).segments();
        if (s.size() != 1 || !s.get(0).protocol().equals(Protocol.NODE.prefix())) {
            throw new CommandException("'" + value + "' is not a node — use NAME or /node/NAME");
        }
        return s.get(0).value();
    }
}
