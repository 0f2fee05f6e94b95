package dev.ockamj.node;

import akka.actor.typed.TypedActorContext;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The work that transports defer to the end of one worker's burst of messages
 * ({@link dev.ockamj.node.spi.WorkerBursts}), e.g. one socket write for all the frames its replies queued.
 *
 * <p>Thread rule: every method but {@link #defer} runs on the worker's actor thread; {@link #defer} runs on
 * whatever thread calls it and finds, through a thread-local, the burst of the worker whose
 * {@code handleMessage} is running there, if any.
 */
final class Burst {
    private static final Logger LOG = LoggerFactory.getLogger(Burst.class);

    /** At most this many messages are handled after an action is deferred before it runs. */
    static final int MAX_BURST = 64;

    /** The burst of the worker whose handleMessage runs on this thread, if it tracks bursts. */
    private static final ThreadLocal<Burst[]> CURRENT = ThreadLocal.withInitial(() -> new Burst[1]);

    private final Address owner;
    private Runnable[] actions = new Runnable[2];
    private int count;
    private int handled;

    Burst(Address owner) {
        this.owner = owner;
    }

    /**
     * Defers {@code action} to the end of the current worker's burst; false if no worker that tracks bursts is
     * handling a message on this thread. The same action deferred twice before it runs is kept once.
     */
    static boolean defer(Runnable action) {
        Burst b = CURRENT.get()[0];
        if (b == null) {
            return false;
        }
        for (int i = 0; i < b.count; i++) {
            if (b.actions[i] == action) {
                return true;
            }
        }
        if (b.count == b.actions.length) {
            b.actions = Arrays.copyOf(b.actions, b.count * 2);
        }
        b.actions[b.count++] = action;
        return true;
    }

    /** Makes this burst the thread's current one, for one message; returns the one it replaces. */
    Burst enter() {
        Burst[] current = CURRENT.get();
        Burst outer = current[0];
        current[0] = this;
        return outer;
    }

    /** Undoes {@link #enter}. */
    static void exit(Burst outer) {
        CURRENT.get()[0] = outer;
    }

    /** After a message: runs the deferred actions if the burst is over (no message waits, or enough were handled). */
    void endOfMessage(TypedActorContext<Object> ctx) {
        if (count > 0 && (++handled >= MAX_BURST || !hasWaitingMessages(ctx))) {
            runDeferred();
        }
    }

    /** Runs the deferred actions now (the burst ended, or the worker stops). */
    void runDeferred() {
        // outside handleMessage: an action cannot defer another one meanwhile
        int n = count;
        count = 0;
        handled = 0;
        for (int i = 0; i < n; i++) {
            Runnable action = actions[i];
            actions[i] = null;
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.error("worker at {}: a deferred action failed", owner, e);
            }
        }
    }

    // The one read of Akka internals in ockamj: Akka 2.6 has no public way to ask whether an actor's mailbox
    // holds more messages, and without it a burst could only end by count. Akka is pinned at its last 2.6.
    private static boolean hasWaitingMessages(TypedActorContext<Object> ctx) {
        if (ctx instanceof akka.actor.typed.internal.adapter.ActorContextAdapter<?> a
                && a.classicActorContext() instanceof akka.actor.ActorCell cell) {
            return cell.mailbox().hasMessages();
        }
        return false;
    }
}
