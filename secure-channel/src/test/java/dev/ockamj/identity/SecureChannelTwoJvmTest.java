package dev.ockamj.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ockamj.node.Address;
import dev.ockamj.node.Node;
import dev.ockamj.node.Route;
import dev.ockamj.node.testing.ProcessOutput;
import dev.ockamj.transport.tcp.TcpConnection;
import dev.ockamj.transport.tcp.TcpTransport;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** A secure channel between two nodes in two JVMs, over loopback TCP. */
class SecureChannelTwoJvmTest {

    @Test
    void aChannelToANodeInAnotherJvmCarriesARequestAndNamesThePeer() throws Exception {
        // the tests may run on the module path: give the child everything, as a class path
        String cp = Stream.of(System.getProperty("jdk.module.path", ""), System.getProperty("java.class.path", ""))
                .flatMap(s -> Stream.of(s.split(File.pathSeparator))).filter(s -> !s.isBlank()).distinct()
                .collect(Collectors.joining(File.pathSeparator));
        Process peer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx256m", "-cp", cp,
                SecureChannelPeerMain.class.getName()).redirectErrorStream(true).start();
        ProcessOutput out = new ProcessOutput(peer, "sc-peer-output");
        try (Node client = Node.builder().name("sc-two-jvm-client").start()) {
            String ready = out.await("^(READY \\d+ I[0-9a-f]{64})$", Duration.ofSeconds(90));
            Matcher m = Pattern.compile("READY (\\d+) (I[0-9a-f]{64})").matcher(ready);
            assertTrue(m.matches(), ready);
            TcpConnection c = TcpTransport.create(client).connect("127.0.0.1:" + m.group(1));
            SecureChannels channels = SecureChannels.create(client);
            SecureChannel channel = channels.createSecureChannel(Route.of(c.address(), Address.local("api")),
                    SecureChannelOptions.defaults().trustPolicy(TrustPolicy.trustIdentifier(Identifier.parse(m.group(2)))));
            assertEquals(m.group(2), channel.peer().toString());
            assertEquals("HELLO FROM ANOTHER JVM", client.request(channel.route("uppercase"), "hello from another jvm",
                    String.class, Duration.ofSeconds(10)).toCompletableFuture().join());
        } finally {
            peer.getOutputStream().close();
            if (!peer.waitFor(30, TimeUnit.SECONDS)) {
                peer.destroyForcibly();
            }
        }
    }
}
