package dev.ockamj.node;

/** Starts and stops two nodes, for {@link LoggingBindingNoticeTest}'s child JVMs. */
public final class NoBindingMain {
    private NoBindingMain() {
    }

    public static void main(String[] args) {
        Node.builder().name("first").start().stop();
        Node.builder().name("second").start().stop();
        System.out.println("NODES STOPPED");
    }
}
