package dev.ockamj.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Each example run as a real child JVM, and the transport examples as separate processes talking over TCP. */
class ExamplesTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static String run(String name, String... args) throws Exception {
        try (ExampleProcess p = new ExampleProcess(name, args)) {
            int status = p.waitForExit(WAIT);
            assertEquals(0, status, p.output());
            return p.output();
        }
    }

    @Test
    void node01StartsAndStops() throws Exception {
        assertTrue(run("01-node").matches("(?s).*Node node-\\w+ started.*Node node-\\w+ stopped.*"));
    }

    @Test
    void worker02() throws Exception {
        String out = run("02-worker");
        assertTrue(out.contains("Address: 0#echoer, Received: Hello Ockam!"), out);
        assertTrue(out.contains("App Received: Hello Ockam!"), out);
    }

    @Test
    void routing03GoesThroughTheHopBothWays() throws Exception {
        String out = run("03-routing");
        assertTrue(out.matches("(?s).*0#h1.*0#echoer.*0#h1.*App Received: Hello Ockam!.*"), out);
    }

    @Test
    void routing03ManyHops() throws Exception {
        String out = run("03-routing-many-hops");
        assertTrue(out.matches("(?s).*0#h1.*0#h2.*0#h3.*0#echoer.*0#h3.*0#h2.*0#h1.*App Received: Hello Ockam!.*"), out);
    }

    @Test
    void responderAndInitiatorInTwoJvms() throws Exception {
        try (ExampleProcess responder = new ExampleProcess("04-routing-over-transport-responder", "127.0.0.1:0")) {
            String address = responder.await("Responder listening on (\\S+)", WAIT);
            String out = run("04-routing-over-transport-initiator", address);
            assertTrue(out.contains("App Received: Hello Ockam!"), out);
            responder.await("Address: 0#echoer, Received: Hello Ockam!", WAIT);
        }
    }

    @Test
    void twoHopsThroughAMiddleNodeInThreeJvms() throws Exception {
        try (ExampleProcess responder = new ExampleProcess("04-routing-over-transport-two-hops-responder", "127.0.0.1:0")) {
            String responderAddress = responder.await("Responder listening on (\\S+)", WAIT);
            try (ExampleProcess middle = new ExampleProcess("04-routing-over-transport-two-hops-middle", "127.0.0.1:0", responderAddress)) {
                String middleAddress = middle.await("Middle listening on (\\S+),", WAIT);
                String out = run("04-routing-over-transport-two-hops-initiator", middleAddress);
                assertTrue(out.contains("App Received: Hello Ockam!"), out);
                middle.await("Address: 0#forward_to_responder", WAIT);
            }
        }
    }

    @Test
    void initiatorWithoutResponderFailsClearly() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (ExampleProcess p = new ExampleProcess("04-routing-over-transport-initiator", "127.0.0.1:" + port)) {
            assertNotEquals(0, p.waitForExit(WAIT));
            assertTrue(p.output().contains("cannot connect to 127.0.0.1:" + port), p.output());
            assertTrue(p.output().contains("examples/run 04-routing-over-transport-responder"), p.output());
        }
    }

    @Test
    void tracing06PrintsOneTraceAcrossBothNodesInParentChildOrder() throws Exception {
        String out = run("06-tracing");
        assertTrue(out.contains("App Received: Hello Ockam!"), out);
        // one trace, one root: the app's span, the hop on client, the echoer on server across TCP, the hop again
        assertEquals(1, out.lines().filter(l -> l.startsWith("trace ")).count(), out);
        assertTrue(out.matches("(?s).*\\ntrace [0-9a-f]{32}\\n"
                + "  app request +\\(the application\\)\\n"
                + "    PrintingHop::handle_message +on node client\\n"
                + "      Echoer::handle_message +on node server\\n"
                // the reply comes back through the hop: in the same trace, under the echoer's span
                + "        PrintingHop::handle_message +on node client(\\n.*)?"), out);
    }

    @Test
    void unknownExampleListsTheKnownOnes() throws Exception {
        try (ExampleProcess p = new ExampleProcess("no-such-example")) {
            assertEquals(2, p.waitForExit(WAIT));
            assertTrue(p.output().contains("02-worker"), p.output());
        }
    }
}
