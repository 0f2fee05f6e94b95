package dev.ockamj.transport.tcp;

import com.typesafe.config.ConfigFactory;
import dev.ockamj.node.Echoer;
import dev.ockamj.node.Node;
import java.io.IOException;
import java.time.Duration;

/**
 * A peer node for tests that need one in another JVM (PeerCrashTest): {@code EchoPeerMain PORT} listens on
 * 127.0.0.1:PORT (0 picks one) with an {@code echoer} and a {@code sink} (which never answers), prints {@code READY <port>}, and runs until its standard
 * input closes (the test JVM is gone) or it is killed.
 */
public final class EchoPeerMain {
    private EchoPeerMain() {
    }

    public static void main(String[] args) throws IOException {
        Node node = Node.builder().name("echo-peer")
                .config(ConfigFactory.parseString("ockamj.node.shutdown-timeout = 2s")).start();
        node.startWorker("echoer", new Echoer());
        node.startWorker("sink", (dev.ockamj.node.Worker<Object>) (ctx, msg) -> { });
        TcpTransport tcp = TcpTransport.create(node);
        TcpListener listener = tcp.listen("127.0.0.1:" + Integer.parseInt(args[0]),
                TcpListenerOptions.defaults().allow("echoer", "sink"));
        System.out.println("READY " + listener.socketAddress().getPort());
        System.out.flush();
        while (System.in.read() >= 0) {
            // an orphan must not outlive the test: stdin closes when the parent dies
        }
        node.stop();
        node.awaitStopped(Duration.ofSeconds(5));
        System.exit(0);
    }
}
