package dev.ockamj.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ockamj.node.codec.Bare;
import dev.ockamj.node.codec.NeutralMessage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A message the receiver refuses (its body does not fit, access control says no) is never handled, and a request
 * on this node that waits for its reply fails with the reason. The timeout is long on purpose: a refusal that is
 * only noticed at the timeout fails these tests with TIMEOUT, not with the kind they expect.
 */
class RefusalTest {
    private static final Duration LONG = Duration.ofSeconds(60);
    private Node node;

    record Amount(int value) {
    }

    record Count(int n) {
    }

    @BeforeEach
    void start() {
        node = TestNodes.start("refusal-test");
    }

    @AfterEach
    void stop() {
        node.stop();
    }

    private static OckamException failure(java.util.concurrent.CompletionStage<?> request) {
        CompletionException e = assertThrows(CompletionException.class, () -> request.toCompletableFuture().join());
        return assertInstanceOf(OckamException.class, e.getCause());
    }

    private List<Object> amounts() {
        List<Object> handled = new CopyOnWriteArrayList<>();
        node.startWorker("amounts", new Worker<Amount>() {
            @Override
            public void handleMessage(Context ctx, Routed<Amount> msg) {
                handled.add(msg.body());
                ctx.send(msg.returnRoute(), msg.body());
            }
        });
        return handled;
    }

    @Test
    void aLocalBodyOfAnotherTypeIsRefusedAndTheRequestFailsWithDecode() {
        List<Object> handled = amounts();
        OckamException e = failure(node.request(Route.of("amounts"), "hello", Amount.class, LONG));
        assertEquals(OckamException.Kind.DECODE, e.kind());
        assertTrue(e.getMessage().contains("java.lang.String") && e.getMessage().contains("Amount"), e.getMessage());
        assertEquals(List.of(), handled); // before: Amount[value=1818585093] reached the handler
    }

    @Test
    void bytesWithLeftoversAreRefusedAndTheRequestFailsWithDecode() {
        List<Object> handled = amounts();
        // what a Rust peer sending a String to this worker puts on the wire
        NeutralMessage hello = NeutralMessage.of(Bare.encode("hello"));
        OckamException e = failure(node.request(Route.of("amounts"), hello, Amount.class, LONG));
        assertEquals(OckamException.Kind.DECODE, e.kind());
        assertTrue(e.getMessage().contains("left after the value"), e.getMessage());
        assertEquals(List.of(), handled);
        // a fitting body still goes through
        assertEquals(new Amount(7), node.request(Route.of("amounts"), new Amount(7), Amount.class, LONG)
                .toCompletableFuture().join());
    }

    @Test
    void aReplyOfAnotherTypeFailsTheRequestWithDecodeNamingBothTypes() {
        node.startWorker("counter", (Worker<String>) (ctx, msg) -> ctx.send(msg.returnRoute(), new Count(2)));
        OckamException e = failure(node.request(Route.of("counter"), "get", String.class, LONG));
        assertEquals(OckamException.Kind.DECODE, e.kind());
        assertTrue(e.getMessage().contains(Count.class.getTypeName()) && e.getMessage().contains("java.lang.String"),
                e.getMessage()); // before: "\0\0"
    }

    @Test
    void aReplyAsBytesThatDoNotFitFailsTheRequestWithDecode() {
        node.startWorker("counter", (Worker<String>) (ctx, msg) ->
                ctx.send(msg.returnRoute(), NeutralMessage.of(Bare.encode(new Count(2)))));
        OckamException e = failure(node.request(Route.of("counter"), "get", String.class, LONG));
        assertEquals(OckamException.Kind.DECODE, e.kind());
        assertTrue(e.getMessage().contains("java.lang.String"), e.getMessage());
    }

    @Test
    void aRequestRefusedByIncomingAccessControlFailsWithAccessDenied() {
        List<Object> handled = new CopyOnWriteArrayList<>();
        WorkerBuilder.of((Worker<String>) (ctx, msg) -> {
            handled.add(msg.body());
            ctx.send(msg.returnRoute(), "ok");
        }).address("guarded").incomingAccessControl(IncomingAccessControl.allowFrom("someone-else")).start(node);
        OckamException e = failure(node.request(Route.of("guarded"), "hi", String.class, LONG));
        assertEquals(OckamException.Kind.ACCESS_DENIED, e.kind());
        assertTrue(e.getMessage().contains("0#guarded"), e.getMessage());
        assertEquals(List.of(), handled);
    }

    @Test
    void aRequestIsSentFromTheRequestersAddressSoAllowFromAdmitsIt() {
        WorkerBuilder.of((Worker<String>) (ctx, msg) -> ctx.send(msg.returnRoute(), "ok " + msg.body()))
                .address("admin").incomingAccessControl(IncomingAccessControl.allowFrom("app")).start(node);
        assertEquals("ok hi", node.request(Route.of("admin"), "hi", String.class, LONG).toCompletableFuture().join());
    }

    @Test
    void aReplyRefusedByOutgoingAccessControlFailsTheRequestWithAccessDenied() {
        WorkerBuilder.of((Worker<String>) (ctx, msg) -> ctx.send(msg.returnRoute(), "ok"))
                .address("mute", IncomingAccessControl.allowAll(), OutgoingAccessControl.allowTo("app"))
                .start(node);
        // the reply goes to the request's temporary address, which allowTo("app") does not admit
        OckamException e = failure(node.request(Route.of("mute"), "hi", String.class, LONG));
        assertEquals(OckamException.Kind.ACCESS_DENIED, e.kind());
        assertTrue(e.getMessage().contains("0#mute may not send"), e.getMessage());
    }
}
