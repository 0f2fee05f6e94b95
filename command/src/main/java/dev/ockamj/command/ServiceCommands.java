package dev.ockamj.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ockam service list --node NODE}, {@code ockam service start hop [--addr hop] --at NODE}. */
@Command(name = "service", description = "The services of a node.", mixinStandardHelpOptions = true,
        subcommands = {ServiceCommands.ListServices.class, ServiceCommands.StartService.class},
        footer = {"", "Example:", "  ockam service list --node n1"})
final class ServiceCommands {

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List a node's services: what its TCP listener lets in, and nothing else.",
            footer = {"", "Example:", "  ockam service list --node n1 --output json"})
    static final class ListServices extends ListCommand {
        ListServices() {
            super("services.list");
        }

        @Override
        void printText(String n, JsonNode services) {
            out().println("Services on node " + n + ":");
            out().printf("  %-12s %s%n", "TYPE", "ADDRESS");
            services.forEach(s -> out().printf("  %-12s /service/%s%n", s.get("type").asText(), s.get("addr").asText()));
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true, description = "Start a service on a node.",
            footer = {"", "Example:", "  ockam service start hop --addr h1 --at n1"})
    static final class StartService extends Base {
        @Parameters(paramLabel = "TYPE", description = "The kind of service: hop, echo or uppercase.")
        String type;

        @Option(names = "--addr", paramLabel = "ADDRESS", description = "Its address (default: the type's name).")
        String addr;

        @Mixin
        NodeOption node;

        @Override
        void execute() {
            String n = node(node);
            String address = addr != null ? addr : type;
            dev.ockamj.command.multiaddr.MultiAddr.parse("/service/" + address); // a clear error for a bad name
            client().call(n, "service.start", List.of(type, address));
            out().println("Started a " + type + " service at /service/" + address + " on node " + n);
        }
    }
}
