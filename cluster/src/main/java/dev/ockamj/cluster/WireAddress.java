package dev.ockamj.cluster;

import dev.ockamj.node.Address;
import dev.ockamj.node.Route;
import java.util.ArrayList;
import java.util.List;

/** An {@link Address} as Jackson writes it between members. */
record WireAddress(int type, byte[] value) {

    static List<WireAddress> of(Route route) {
        List<WireAddress> out = new ArrayList<>(route.size());
        for (int i = 0; i < route.size(); i++) {
            Address a = route.get(i);
            out.add(new WireAddress(a.transportType(), a.unsafeValue()));
        }
        return out;
    }

    static Route route(List<WireAddress> hops) {
        Address[] out = new Address[hops.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Address.wrap(hops.get(i).type(), hops.get(i).value());
        }
        return Route.of(out);
    }
}
