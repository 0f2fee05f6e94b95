package dev.ockamj.command;

import dev.ockamj.node.codec.CodecException;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ockamj.command.multiaddr.MultiAddr;
import dev.ockamj.identity.SecureChannel;
import dev.ockamj.identity.SecureChannelOptions;
import dev.ockamj.identity.SecureChannels;
import dev.ockamj.identity.TrustPolicy;
import dev.ockamj.command.multiaddr.Protocol;
import dev.ockamj.command.multiaddr.Segment;
import dev.ockamj.command.state.NodeStatus;
import dev.ockamj.node.codec.NeutralMessage;
import dev.ockamj.node.OckamException;
import dev.ockamj.node.Route;
import dev.ockamj.node.codec.Bare;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ockam message send MSG --to MULTIADDR [--from NODE] [--timeout 10s] [--hex]}. */
@Command(name = "message", description = "Send messages to workers and services.", mixinStandardHelpOptions = true,
        subcommands = MessageCommands.Send.class,
        footer = {"", "Example:", "  ockam message send hello --to /node/n1/service/uppercase"})
final class MessageCommands {

    @Command(name = "send", mixinStandardHelpOptions = true,
            description = "Send a message and print the reply. The payload is Ockam's Vec<u8> BARE encoding, so this also"
                    + " works against an Ockam Rust node's echo service.",
            footer = {"", "Examples:", "  ockam message send hello --to /node/n1/service/uppercase",
                    "  ockam message send hello --to /ip4/127.0.0.1/tcp/4000/service/echo",
                    "  ockam message send 68656c6c6f --hex --from n1 --to /node/n2/service/echo"})
    static final class Send extends Base {
        @Parameters(paramLabel = "MESSAGE")
        String message;

        @Option(names = "--to", required = true, paramLabel = "MULTIADDR",
                description = "Where to: /node/N, /ip4/A/tcp/P or /dnsaddr/H/tcp/P, then /service/S or /worker/W.")
        String to;

        @Option(names = {"--from", "--at", "--node"}, paramLabel = "NODE",
                description = "Send from this node (default: a short-lived node inside this command).")
        String from;

        @Option(names = "--timeout", defaultValue = "10s", paramLabel = "DURATION",
                description = "How long to wait for the reply, e.g. 500ms, 10s, 1m (default: ${DEFAULT-VALUE}).")
        String timeout;

        @Option(names = "--no-retry", description = "Send once and fail at once when the node is not reachable (what"
                + " ockamj always does: it has no retries, so this is accepted for scripts written for Ockam's command).")
        boolean noRetry;

        @Option(names = "--hex", description = "MESSAGE is hex; print the reply as hex.")
        boolean hex;

        @Option(names = "--authorized", paramLabel = "IDENTIFIER",
                description = "With a /secure/ hop: refuse any peer but this identifier.")
        String authorized;

        @Override
        void execute() {
            from = from == null ? null : Nodes.name(from);
            Duration wait = parseDuration(timeout);
            byte[] body = Bare.encode(payload()); // Ockam's Vec<u8>: uvarint length, then the bytes
            MultiAddr target = MultiAddr.parse(to);
            int secure = indexOf(target, Protocol.SECURE);
            if (authorized != null && secure < 0) {
                throw CommandException.usage("--authorized needs a /secure/ hop in --to: it names the peer of a secure channel");
            }
            // resolved once, with the node names checked: a missing or stopped node is named before anything is sent
            Route[] parts = secure >= 0 ? splitAtSecure(target, secure) : new Route[] {target.toRoute(this::runningNode)};
            checkFirstServiceExists(target);
            byte[] reply;
            if (secure >= 0) {
                reply = from != null ? sendThroughChannelOf(from, parts, body, wait) : sendThroughChannel(parts, body, wait);
            } else {
                reply = from == null ? sendFromHere(parts[0], body, wait) : sendFrom(from, parts[0], body, wait);
            }
            byte[] replyBytes;
            try {
                replyBytes = Bare.decode(reply, byte[].class);
            } catch (CodecException e) {
                replyBytes = reply; // not a Vec<u8>: show it as it came
            }
            out().println(hex ? HexFormat.of().formatHex(replyBytes) : new String(replyBytes, StandardCharsets.UTF_8));
        }

        /**
         * For {@code /node/N/service/S...}, asks node N whether it has S, so a typo is named at once instead of
         * surfacing as "no reply" after the timeout (a node drops messages to addresses it does not have).
         */
        private void checkFirstServiceExists(MultiAddr target) {
            List<Segment> segments = target.segments();
            if (segments.size() < 2 || !segments.get(0).protocol().equals(Protocol.NODE.prefix())
                    || !(segments.get(1).protocol().equals(Protocol.SERVICE.prefix())
                            || segments.get(1).protocol().equals(Protocol.WORKER.prefix()))) {
                return;
            }
            String node = segments.get(0).value();
            String service = segments.get(1).value();
            JsonNode workers = client().call(node, "workers.list", List.of());
            for (JsonNode w : workers) {
                if (w.path("addr").asText().equals(service)) {
                    return;
                }
            }
            throw new CommandException("node '" + node + "' has no service or worker '" + service
                    + "' — see: ockam service list --at " + node);
        }

        /** The listener address of node {@code name}, which must exist and be running. */
        private MultiAddr runningNode(String name) {
            MultiAddr listener = store().nodeResolver().apply(name);
            if (listener != null && store().get(name).map(r -> store().status(r) != NodeStatus.UP).orElse(false)) {
                throw new CommandException("node '" + name + "' is not running — start it with: ockam node start " + name);
            }
            if (listener == null && store().get(name).isEmpty()) {
                throw new CommandException("node '" + name + "' does not exist — see: ockam node list");
            }
            return listener;
        }

        private byte[] payload() {
            if (!hex) {
                return message.getBytes(StandardCharsets.UTF_8);
            }
            try {
                return HexFormat.of().parseHex(message);
            } catch (IllegalArgumentException e) {
                throw new CommandException("'" + message + "' is not hex (with --hex, MESSAGE must be pairs of 0-9a-f)");
            }
        }

        private static int indexOf(MultiAddr target, Protocol protocol) {
            List<Segment> segments = target.segments();
            for (int i = 0; i < segments.size(); i++) {
                if (segments.get(i).protocol().equals(protocol.prefix())) {
                    return i;
                }
            }
            return -1;
        }

        /**
         * {@code .../secure/LISTENER/rest}: opens a secure channel (with a short-lived identity of this command) to
         * the listener, then sends along the rest through it, encrypted end to end.
         */
        private byte[] sendThroughChannel(Route[] parts, byte[] body, Duration wait) {
            Route listener = parts[0];
            Route rest = parts[1];
            client().tcp();
            try {
                SecureChannelOptions options = SecureChannelOptions.defaults().timeout(wait);
                if (authorized != null) {
                    options.trustPolicy(TrustPolicy.trustIdentifier(Identities.parse(authorized)));
                }
                SecureChannel channel = SecureChannels.create(client().node()).createSecureChannel(listener, options);
                return client().node().request(Route.of(channel.address()).append(rest), NeutralMessage.wrap(body),
                        NeutralMessage.class, wait).toCompletableFuture().join().bytes();
            } catch (OckamException e) {
                throw new CommandException("cannot open a secure channel to " + listener + ": " + e.getMessage());
            } catch (CompletionException e) {
                throw failure(e.getCause(), wait);
            }
        }

        /** The route to the listener of a {@code /secure/} hop, and what follows it. */
        private Route[] splitAtSecure(MultiAddr target, int secure) {
            List<Segment> segments = target.segments();
            List<Segment> toListener = new java.util.ArrayList<>(segments.subList(0, secure));
            toListener.add(Protocol.SERVICE.segment(segments.get(secure).value()));
            return new Route[] {MultiAddr.of(toListener).toRoute(this::runningNode),
                    MultiAddr.of(segments.subList(secure + 1, segments.size())).toRoute()};
        }

        /**
         * {@code --from NODE} with a {@code /secure/} hop: NODE opens the channel from its own identity, the message
         * goes through it, and the channel is closed again.
         */
        private byte[] sendThroughChannelOf(String node, Route[] parts, byte[] body, Duration wait) {
            List<String> args = new java.util.ArrayList<>(List.of(parts[0].toString(), Long.toString(wait.toMillis())));
            if (authorized != null) {
                args.add(Identities.parse(authorized).toString());
            }
            JsonNode channel = client().call(node, "secure-channel.create", args, wait.plusSeconds(5));
            String address = channel.get("address").asText().substring("/service/".length());
            try {
                return sendFrom(node, Route.of(dev.ockamj.node.Address.local(address)).append(parts[1]), body, wait);
            } finally {
                client().call(node, "secure-channel.delete", List.of(address));
            }
        }

        private byte[] sendFromHere(Route route, byte[] body, Duration wait) {
            client().tcp(); // the in-process node needs its TCP transport for the 1#host:port hop
            try {
                return client().node().request(route, NeutralMessage.wrap(body), NeutralMessage.class, wait)
                        .toCompletableFuture().join().bytes();
            } catch (CompletionException e) {
                throw failure(e.getCause(), wait);
            }
        }

        private byte[] sendFrom(String node, Route route, byte[] body, Duration wait) {
            try {
                JsonNode reply = client().call(node, "message.send",
                        List.of(route.toString(), HexFormat.of().formatHex(body), Long.toString(wait.toMillis())),
                        wait.plusSeconds(5));
                return HexFormat.of().parseHex(reply.asText());
            } catch (CommandException e) {
                if (e.getMessage().startsWith("no reply from")) {
                    throw failure(new OckamException(OckamException.Kind.TIMEOUT, e.getMessage()), wait);
                }
                throw e;
            }
        }

        private CommandException failure(Throwable cause, Duration wait) {
            if (cause instanceof OckamException o && o.kind() == OckamException.Kind.TIMEOUT) {
                return new CommandException("no reply from " + to + " within " + show(wait)
                        + " — a node drops messages to addresses it does not have; see its services with: ockam"
                        + " service list --at NODE");
            }
            return new CommandException("cannot send to " + to + ": " + (cause == null ? "unknown error" : cause.getMessage()));
        }
    }

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)?");

    static Duration parseDuration(String text) {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            throw new CommandException("'" + text + "' is not a duration — use e.g. 500ms, 10s, 2m");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        Duration d = switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        };
        if (d.isZero()) {
            throw new CommandException("the timeout must be more than zero");
        }
        return d;
    }

    static String show(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
