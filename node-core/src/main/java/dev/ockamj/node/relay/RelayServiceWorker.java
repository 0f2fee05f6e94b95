package dev.ockamj.node.relay;

import dev.ockamj.node.Address;
import dev.ockamj.node.Context;
import dev.ockamj.node.FlowControlId;
import dev.ockamj.node.Node;
import dev.ockamj.node.OckamException;
import dev.ockamj.node.Routed;
import dev.ockamj.node.Worker;
import dev.ockamj.node.internal.Printable;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The service's worker (relay_service.rs at fb8fb64): one relay per registration. */
final class RelayServiceWorker implements Worker<String> {
    private static final Logger LOG = LoggerFactory.getLogger(RelayService.class);
    /** Ockam's addresses are short; this bounds what a registering peer can make us allocate and log. */
    static final int MAX_NAME_LENGTH = 128;

    private final String prefix;
    private final List<FlowControlId> flows;
    private final ConcurrentHashMap<Address, RelayWorker> relays = new ConcurrentHashMap<>();

    RelayServiceWorker(String prefix, List<FlowControlId> flows) {
        this.prefix = prefix;
        this.flows = flows;
    }

    @Override
    public void handleMessage(Context ctx, Routed<String> msg) {
        String requested = msg.body();
        String why = msg.returnRoute().isEmpty() ? "its return route is empty" : invalid(requested);
        if (why != null) {
            LOG.warn("relay registration from {} refused: {}", msg.returnRoute(), why);
            return;
        }
        String name = requested.equals("register") ? Address.random().valueString() : requested;
        Address address = Address.local(prefix + name);
        Node node = ctx.node();
        RelayWorker old = relays.get(address);
        if (old != null) {
            LOG.info("relay {} registered again from {}: it replaces the one to {}", address, msg.returnRoute(),
                    old.forwardRoute());
            stop(node, address, old);
        } else if (node.hasAddress(address)) {
            LOG.warn("relay registration from {} refused: {} is the address of a worker that is not a relay",
                    msg.returnRoute(), address);
            return;
        }
        RelayWorker relay = new RelayWorker(address, msg.returnRoute(), msg.flowControlId(), this::ended);
        relays.put(address, relay); // before it starts: its reply may reach the peer before startWorker returns
        try {
            ctx.startWorker(List.of(address), relay);
        } catch (OckamException e) { // registered twice at once: the other one won
            relays.remove(address, relay);
            LOG.warn("relay {} not created: {}", address, e.getMessage());
            return;
        }
        for (FlowControlId flow : flows) {
            node.flowControls().addConsumer(address, flow);
        }
        LOG.info("relay {} created: it forwards to {}", address, msg.returnRoute());
    }

    private static String invalid(String name) {
        if (name.isEmpty()) {
            return "the name is empty";
        }
        if (name.length() > MAX_NAME_LENGTH) {
            return "the name is longer than " + MAX_NAME_LENGTH + " characters";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c == 0x7f || c == '#' || c == '/' || c == ',' || c == '=' || c == '>') {
                return "the name '" + Printable.escape(name, 200) + "' has a character addresses and routes cannot hold";
            }
        }
        return null;
    }

    private void ended(RelayWorker relay) {
        relays.remove(relay.address(), relay);
    }

    private void stop(Node node, Address address, RelayWorker relay) {
        relays.remove(address, relay);
        try {
            node.stopWorker(address);
        } catch (OckamException e) {
            // it stopped meanwhile: its connection closed
        }
    }

    List<Relay> relays() {
        return relays.values().stream().map(r -> new Relay(r.address(), r.forwardRoute()))
                .sorted(Comparator.comparing(r -> r.address().toString())).toList();
    }

    void stopRelays(Node node) {
        relays.forEach((a, r) -> stop(node, a, r));
    }

    @Override
    public void shutdown(Context ctx) {
        stopRelays(ctx.node());
    }
}
