package dev.ockamj.node;

import dev.ockamj.node.internal.Fatal;

import akka.actor.typed.Behavior;
import akka.actor.typed.PostStop;
import akka.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One started processor: a queue context (so it can receive) plus an actor on the processor dispatcher that
 * calls {@link Processor#process} until it returns false. Each call is one actor message, so a STOP queued
 * between two calls is seen at once.
 */
final class ProcessorCell extends QueueContext {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessorCell.class);
    private static final Object TICK = "Tick";

    private final Processor processor;
    private boolean shutDown;
    /** Completes when the processor's shutdown has run (the node waits for it before stopping workers). */
    final java.util.concurrent.CompletableFuture<Void> stopped = new java.util.concurrent.CompletableFuture<>();

    ProcessorCell(Router router, Address address, Processor processor) {
        super(router, address);
        this.processor = processor;
    }

    Behavior<Object> behavior() {
        return Behaviors.setup(actx -> {
            try {
                processor.initialize(this);
            } catch (Throwable e) {
                Fatal.rethrowIfFatal(e);
                LOG.error("processor at {} failed to initialize; it is stopped", address(), e);
                router().unregister(this, address());
                shutDown = true;
                stopped.complete(null);
                return Behaviors.stopped();
            }
            actx.getSelf().tell(TICK);
            return Behaviors.receive(Object.class)
                    .onMessageEquals(TICK, () -> {
                        if (isClosed()) {
                            return stop();
                        }
                        boolean again = true;
                        try {
                            again = processor.process(this);
                        } catch (OckamException e) {
                            if (e.kind() != OckamException.Kind.NODE_STOPPED) {
                                LOG.error("processor at {} failed in process; it keeps running", address(), e);
                            }
                        } catch (Throwable e) {
                            Fatal.rethrowIfFatal(e);
                            LOG.error("processor at {} failed in process; it keeps running", address(), e);
                        }
                        if (!again) {
                            return stop();
                        }
                        actx.getSelf().tell(TICK);
                        return Behaviors.same();
                    })
                    .onMessageEquals(WorkerCell.STOP, this::stop)
                    .onSignal(PostStop.class, s -> {
                        runShutdown();
                        return Behaviors.same();
                    })
                    .build();
        });
    }

    private Behavior<Object> stop() {
        runShutdown();
        return Behaviors.stopped();
    }

    private void runShutdown() {
        if (shutDown) {
            return;
        }
        shutDown = true;
        close();
        router().unregister(this, address());
        try {
            processor.shutdown(this);
        } catch (Throwable e) {
            Fatal.rethrowIfFatal(e);
            LOG.error("processor at {} failed in shutdown", address(), e);
        } finally {
            stopped.complete(null);
        }
    }
}
