package dev.ockamj.node;

import dev.ockamj.node.spi.Recipient;

import java.lang.reflect.Type;
import java.util.concurrent.CompletableFuture;

/** The temporary address of one {@link Context#request}: completes the request with the first reply. */
final class ReplyRecipient<R> implements Recipient {
    final Address address;
    final CompletableFuture<R> future = new CompletableFuture<>();
    private final Type replyType;

    ReplyRecipient(Address address, Type replyType) {
        this.address = address;
        this.replyType = replyType;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void deliver(Routed<?> msg) {
        try {
            future.complete((R) Bodies.convert(msg.body(), replyType));
        } catch (OckamException e) {
            future.completeExceptionally(new OckamException(e.kind(), "the reply cannot be a "
                    + replyType.getTypeName() + ": " + e.getMessage(), e));
        } catch (RuntimeException e) {
            future.completeExceptionally(new OckamException(OckamException.Kind.DECODE,
                    "the reply to " + address + " could not be decoded", e));
        }
    }

    void fail(OckamException error) {
        future.completeExceptionally(error);
    }
}
