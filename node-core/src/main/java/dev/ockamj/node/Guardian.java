package dev.ockamj.node;

import akka.actor.DeadLetter;
import akka.actor.typed.Behavior;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import java.util.concurrent.CompletableFuture;

/**
 * The node's guardian actor: the parent of every worker and processor actor. It only spawns; the address
 * table lives in the {@link Router} so that senders never wait for the guardian. Stopping the guardian
 * (the node's ActorSystem terminating) stops every worker, and each runs its shutdown once.
 */
final class Guardian {
    private Guardian() {
    }

    sealed interface Command {
    }

    record SpawnWorker(WorkerCell cell) implements Command {
    }

    record SpawnProcessor(ProcessorCell cell) implements Command {
    }

    /** Completes {@code done} once every spawn sent before it has been done (the mailbox is FIFO). */
    record Drain(CompletableFuture<Void> done) implements Command {
    }

    static Behavior<Command> create(String processorDispatcher, String blockingDispatcher) {
        DispatcherSelector processors = DispatcherSelector.fromConfig(processorDispatcher);
        DispatcherSelector blocking = DispatcherSelector.fromConfig(blockingDispatcher);
        return Behaviors.setup(ctx -> guardian(ctx, processors, blocking));
    }

    /** Receives the node's dead letters: a transport's message that a stopped worker never took is consumed. */
    static Behavior<DeadLetter> deadLetters() {
        return Behaviors.receive(DeadLetter.class)
                .onMessage(DeadLetter.class, d -> {
                    if (d.message() instanceof WorkerCell.Tracked t) {
                        t.done();
                    }
                    return Behaviors.same();
                }).build();
    }

    private static Behavior<Command> guardian(ActorContext<Command> ctx, DispatcherSelector processors,
                                             DispatcherSelector blocking) {
        return Behaviors.receive(Command.class)
                .onMessage(SpawnWorker.class, m -> {
                    if (m.cell().isBlocking()) {
                        ctx.spawnAnonymous(m.cell().behavior(), blocking);
                    } else {
                        ctx.spawnAnonymous(m.cell().behavior());
                    }
                    return Behaviors.same();
                })
                .onMessage(SpawnProcessor.class, m -> {
                    ctx.spawnAnonymous(m.cell().behavior(), processors);
                    return Behaviors.same();
                })
                .onMessage(Drain.class, m -> {
                    m.done().complete(null);
                    return Behaviors.same();
                })
                .build();
    }
}
