package dev.ockamj.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A transport adds a consumer to a connection's flow (the worker that sends through it, so replies may reach
 * it) while the connection may be closing and removing that flow; it then removes the flow once more if it
 * sees the connection closed. However the two interleave, nothing of the flow may be left afterwards.
 * Found by LiveFuzzTest: an addition whose set was taken out of the map by a concurrent removal left the
 * address's side of the entry behind for good.
 */
@Tag("hardening")
class FlowControlsRaceTest {

    @Test
    void addingAConsumerWhileTheFlowIsRemovedLeavesNothingBehind() throws Exception {
        FlowControls flows = new FlowControls();
        Address worker = Address.local("worker");
        FlowControlId listener = FlowControlId.random();
        flows.addConsumer(worker, listener); // the worker is reachable through a listener, as in a real node
        int rounds = 200_000;
        FlowControlId[] ids = new FlowControlId[rounds];
        for (int i = 0; i < rounds; i++) {
            ids[i] = FlowControlId.childOf(listener);
        }
        CyclicBarrier barrier = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> adder = pool.submit(() -> {
                for (FlowControlId id : ids) {
                    barrier.await();
                    flows.addConsumer(worker, id);
                    flows.removeFlow(id); // what TcpConnection does when it sees the connection closed meanwhile
                }
                return null;
            });
            Future<?> closer = pool.submit(() -> {
                for (FlowControlId id : ids) {
                    barrier.await();
                    flows.removeFlow(id);
                }
                return null;
            });
            adder.get();
            closer.get();
        } finally {
            pool.shutdownNow();
        }
        for (FlowControlId id : ids) {
            assertFalse(flows.isConsumer(worker, id) && !flows.isConsumer(worker, listener), id.toString());
            assertEquals(java.util.List.of(), flows.consumers(id), id.toString());
        }
        // the worker is a consumer of the listener's flow only, not of any removed connection flow
        assertTrue(flows.isConsumer(worker, listener));
        assertEquals(1, flowsOf(flows, worker), "flows left for the worker");
    }

    private static int flowsOf(FlowControls flows, Address address) throws ReflectiveOperationException {
        java.lang.reflect.Field f = FlowControls.class.getDeclaredField("byAddress");
        f.setAccessible(true);
        java.util.Map<?, ?> byAddress = (java.util.Map<?, ?>) f.get(flows);
        java.util.Set<?> ids = (java.util.Set<?>) byAddress.get(address);
        return ids == null ? 0 : ids.size();
    }
}
