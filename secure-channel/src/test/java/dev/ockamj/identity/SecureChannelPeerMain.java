package dev.ockamj.identity;

import dev.ockamj.node.Node;
import dev.ockamj.node.Uppercase;
import dev.ockamj.transport.tcp.TcpListener;
import dev.ockamj.transport.tcp.TcpListenerOptions;
import dev.ockamj.transport.tcp.TcpTransport;

/**
 * A node in a JVM of its own for {@link SecureChannelTwoJvmTest}: an uppercase service reachable only through
 * its secure channel listener at "api". Prints "READY port identifier" and runs until stdin closes.
 */
public final class SecureChannelPeerMain {
    private SecureChannelPeerMain() {
    }

    public static void main(String[] args) throws Exception {
        Node node = Node.builder().name("sc-peer").start();
        node.startWorker("uppercase", new Uppercase());
        SecureChannels channels = SecureChannels.create(node);
        channels.createListener("api", SecureChannelListenerOptions.defaults().allow("uppercase"));
        TcpListener l = TcpTransport.create(node).listen("127.0.0.1:0", TcpListenerOptions.defaults().allow("api"));
        System.out.println("READY " + l.socketAddress().getPort() + " " + channels.identity().identifier());
        System.out.flush();
        while (System.in.read() >= 0) {
            // until the test closes our stdin
        }
        node.stop();
    }
}
