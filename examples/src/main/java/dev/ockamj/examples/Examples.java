package dev.ockamj.examples;

import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code examples/run NAME [ARGS]}: runs the example called NAME, like {@code cargo run --example NAME}. */
public final class Examples {
    static final Map<String, Class<?>> ALL = new LinkedHashMap<>();

    static {
        ALL.put("01-node", Node01.class);
        ALL.put("02-worker", Worker02.class);
        ALL.put("03-routing", Routing03.class);
        ALL.put("03-routing-many-hops", RoutingManyHops03.class);
        ALL.put("04-routing-over-transport-responder", TransportResponder04.class);
        ALL.put("04-routing-over-transport-initiator", TransportInitiator04.class);
        ALL.put("04-routing-over-transport-two-hops-responder", TransportResponder04.class);
        ALL.put("04-routing-over-transport-two-hops-middle", TwoHopsMiddle04.class);
        ALL.put("04-routing-over-transport-two-hops-initiator", TwoHopsInitiator04.class);
        ALL.put("05-cluster-demo", ClusterDemo05.class);
        ALL.put("05-cluster-member", ClusterMember05.class);
        ALL.put("06-tracing", Tracing06.class);
    }

    public static void main(String[] args) throws Throwable {
        Class<?> example = args.length == 0 ? null : ALL.get(args[0]);
        if (example == null) {
            System.err.println((args.length == 0 ? "usage: examples/run NAME [ARGS]" : "no example named '" + args[0] + "'")
                    + "\nexamples: " + String.join(", ", ALL.keySet()));
            System.exit(2);
        }
        String[] rest = new String[args.length - 1];
        System.arraycopy(args, 1, rest, 0, rest.length);
        Method main = example.getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) rest);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
