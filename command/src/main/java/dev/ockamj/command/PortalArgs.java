package dev.ockamj.command;

import dev.ockamj.command.multiaddr.MultiAddr;
import dev.ockamj.command.multiaddr.Protocol;
import dev.ockamj.command.multiaddr.Segment;
import dev.ockamj.command.state.NodeStatus;
import dev.ockamj.command.state.NodeStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine;

/** What the relay and portal commands share: node names as Ockam takes them, routes from a node, confirmation. */
final class PortalArgs {
    private PortalArgs() {
    }

    /**
     * {@code --at NODE} of the portal commands: a node name or {@code /node/NAME}, as Ockam's
     * {@code extract_address_value}. (Not {@link Base.NodeOption}: there {@code --from} names the node too, and
     * here {@code --from} is the inlet's socket address or the outlet's address, as in Ockam.)
     */
    static final class AtNode {
        @CommandLine.Option(names = {"--at", "--node"}, paramLabel = "NODE",
                description = "The node (NAME or /node/NAME; default: the default node).")
        String name;
    }

    /** Ockam's {@code HostnamePort} short forms: a bare {@code PORT} or {@code :PORT} is {@code 127.0.0.1:PORT}. */
    static String hostPort(String value) {
        String port = value.startsWith(":") ? value.substring(1) : value;
        return !port.isEmpty() && port.chars().allMatch(Character::isDigit) ? "127.0.0.1:" + port : value;
    }

    /**
     * {@code to} as node {@code from} will resolve it: a leading {@code /node/FROM} is dropped (the rest are local
     * hops on FROM itself), any other {@code /node/N} becomes N's TCP listener, which must be running. The node
     * process makes connections and secure channels from the result (its text; empty for FROM itself).
     */
    static String routeFrom(NodeStore store, String from, String to) {
        MultiAddr m = MultiAddr.parse(to);
        List<Segment> s = m.segments();
        if (!s.isEmpty() && s.get(0).protocol().equals(Protocol.NODE.prefix()) && s.get(0).value().equals(from)) {
            m = MultiAddr.of(s.subList(1, s.size()));
        }
        return m.resolveNodes(name -> runningNode(store, name)).toString();
    }

    /** The listener address of node {@code name}, which must exist and be running. */
    static MultiAddr runningNode(NodeStore store, String name) {
        MultiAddr listener = store.nodeResolver().apply(name);
        if (store.get(name).isEmpty()) {
            throw new CommandException("node '" + name + "' does not exist — see: ockam node list");
        }
        if (listener == null || store.get(name).map(r -> store.status(r) != NodeStatus.UP).orElse(false)) {
            throw new CommandException("node '" + name + "' is not running — start it with: ockam node start " + name);
        }
        return listener;
    }

    /** True with {@code --yes}; otherwise asks on stdin (no answer, as from /dev/null, is no). */
    static boolean confirmed(boolean yes, PrintWriter out, String question) {
        if (yes) {
            return true;
        }
        out.print(question + " [y/N] ");
        out.flush();
        try {
            String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            out.println();
            return answer != null && (answer.trim().equalsIgnoreCase("y") || answer.trim().equalsIgnoreCase("yes"));
        } catch (IOException e) {
            return false;
        }
    }

    /** Asks (unless {@code yes}) whether to delete {@code what}, then calls {@code method} on node {@code node}. */
    static void delete(Base command, boolean yes, String what, String node, String method, String name) {
        if (!confirmed(yes, command.out(), "Delete " + what + "?")) {
            throw new CommandException("not deleted — confirm with y, or add --yes");
        }
        command.client().call(node, method, List.of(name));
        command.out().println(Character.toUpperCase(what.charAt(0)) + what.substring(1) + " has been deleted");
    }
}
