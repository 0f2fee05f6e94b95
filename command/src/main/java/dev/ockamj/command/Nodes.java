package dev.ockamj.command;

import dev.ockamj.command.state.NodeRecord;
import dev.ockamj.command.state.NodeStore;

/** Looking nodes up by name, with the errors the user sees. */
final class Nodes {
    private Nodes() {
    }

    static NodeRecord existing(NodeStore store, String name) {
        return store.get(name).orElseThrow(() ->
                new CommandException("node '" + name + "' does not exist — see: ockam node list"));
    }

    /** {@code name}, or the default node when it is null. */
    static String nameOrDefault(NodeStore store, String name) {
        if (name != null) {
            return name;
        }
        return store.getDefault().orElseThrow(() ->
                new CommandException("there is no default node — create one with: ockam node create"));
    }
}
