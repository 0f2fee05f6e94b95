package dev.ockamj.transport.tcp.internal.portal;

import dev.ockamj.node.Context;
import dev.ockamj.node.IncomingAccessControl;
import dev.ockamj.node.Routed;
import dev.ockamj.node.Worker;
import dev.ockamj.node.WorkerBuilder;
import dev.ockamj.node.codec.NeutralMessage;
import dev.ockamj.node.internal.HostPort;
import dev.ockamj.node.internal.LogLimit;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP outlet's listener (outlet_listener.rs at fb8fb64): each Ping starts a portal worker that connects to the
 * target and answers with Pong from its own address. The portal may be reached through the flow the Ping came
 * through, and has the listener's incoming access control.
 */
public final class OutletListener implements Worker<NeutralMessage> {
    private static final Logger LOG = LoggerFactory.getLogger(OutletListener.class);
    private static final LogLimit REFUSED = new LogLimit();
    private final HostPort target;
    private final IncomingAccessControl access;
    private final PortalWorker.Settings settings;
    private final Set<PortalWorker> portals = ConcurrentHashMap.newKeySet();

    public OutletListener(HostPort target, IncomingAccessControl access, PortalWorker.Settings settings) {
        this.target = target;
        this.access = access;
        this.settings = new PortalWorker.Settings(settings.connectTimeout(), settings.pongTimeout(), settings.linger(),
                p -> {
                    portals.remove(p);
                    settings.ended().accept(p);
                });
    }

    @Override
    public void handleMessage(Context ctx, Routed<NeutralMessage> msg) {
        PortalMessage m;
        try {
            m = PortalMessage.decode(msg.body().unsafeBytes());
        } catch (IllegalArgumentException e) {
            m = null;
        }
        if (!(m instanceof PortalMessage.Ping)) {
            long held = REFUSED.admit();
            if (held >= 0) {
                LOG.warn("TCP outlet {}: dropped a message that is not a Ping from {}{}", ctx.address(),
                        msg.returnRoute(), LogLimit.suffix(held));
            }
            return;
        }
        PortalWorker portal = PortalWorker.outlet(target, msg.returnRoute(), settings);
        if (msg.flowControlId() != null) {
            ctx.node().flowControls().addConsumer(portal.address(), msg.flowControlId());
        }
        portals.add(portal);
        WorkerBuilder.of(portal).address(portal.address()).incomingAccessControl(access).blocking().start(ctx);
    }

    /** @return the portals open now */
    public int connections() {
        return portals.size();
    }

    /** Stops every portal of this outlet. */
    public void closeAll(Context ctx) {
        for (PortalWorker p : portals) {
            try {
                ctx.node().stopWorker(p.address());
            } catch (RuntimeException e) {
                // stopped meanwhile
            }
        }
    }

    @Override
    public void shutdown(Context ctx) {
        closeAll(ctx);
    }
}
