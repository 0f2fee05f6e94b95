package dev.ockamj.transport.tcp;

import dev.ockamj.node.internal.Fatal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One selector thread that does every accept, connect and read of a transport, and the writes that senders
 * could not finish themselves. Plain NIO: see docs/transports.md for why not Akka Streams.
 */
final class IoLoop implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(IoLoop.class);

    /** Something registered with the selector. */
    interface Handler {
        /** Called on the I/O thread when the key is ready. */
        void ready(SelectionKey key) throws IOException;

        /** Called on the I/O thread when {@link #ready} threw. */
        void failed(Exception e);
    }

    private final Selector selector;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /**
     * Shared by every connection's reads: only the I/O thread touches it. On the heap: frames are decoded where they
     * lie in it, and copying the small items out of a heap array is several times cheaper than out of native memory
     * (JFR, issue 15); the JDK's one copy of each read from its cached direct buffer costs less.
     */
    final ByteBuffer readBuffer = ByteBuffer.allocate(64 * 1024);
    private volatile boolean running = true;

    IoLoop(String name) {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        thread = new Thread(this, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Runs {@code task} on the I/O thread. */
    void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    SelectionKey register(SelectableChannel channel, int ops, Handler handler) throws IOException {
        return channel.register(selector, ops, handler);
    }

    void wakeup() {
        selector.wakeup();
    }

    @Override
    public void run() {
        while (running) {
            try {
                selector.select();
                Runnable task;
                while ((task = tasks.poll()) != null) {
                    runSafely(task);
                }
                var keys = selector.selectedKeys();
                for (SelectionKey key : keys) {
                    Handler h = (Handler) key.attachment();
                    try {
                        if (key.isValid()) {
                            h.ready(key);
                        }
                    } catch (CancelledKeyException e) {
                        // closed by another thread meanwhile
                    } catch (Exception e) {
                        h.failed(e);
                    } catch (Throwable e) {
                        // e.g. a class that cannot be loaded (out of file descriptors): that connection fails, as
                        // for an I/O error; left open, its key would be ready again at once and the loop would spin
                        Fatal.rethrowIfFatal(e);
                        h.failed(new IOException(e.toString(), e));
                    }
                }
                keys.clear();
            } catch (Throwable e) {
                Fatal.rethrowIfFatal(e);
                LOG.error("TCP I/O loop error; the loop goes on", e);
            }
        }
        try {
            selector.close();
        } catch (IOException e) {
            LOG.debug("closing the selector", e);
        }
    }


    private static void runSafely(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.error("TCP I/O task failed", e);
        }
    }

    /** Stops the loop and waits (briefly) until the selector is closed, so closed sockets are really released. */
    void stop() {
        running = false;
        selector.wakeup();
        if (!inLoop()) {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
