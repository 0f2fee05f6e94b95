package dev.ockamj.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import dev.ockamj.node.testing.LogCapture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A member that leaves on purpose is no fault: neither it nor the member that stays warns about it. */
class GracefulLeaveTest {

    @Test
    void aGracefulLeaveLogsNoWarning() {
        try (ClusterNode stays = ClusterTest.member("stays")) {
            ClusterNode leaves = ClusterTest.member("leaves");
            stays.join(stays.memberAddress());
            leaves.join(stays.memberAddress());
            stays.awaitMembers(2, Duration.ofSeconds(60));
            leaves.awaitMembers(2, Duration.ofSeconds(60));
            List<String> warnings = new ArrayList<>();
            try (LogCapture log = new LogCapture(org.slf4j.Logger.ROOT_LOGGER_NAME)) {
                leaves.close();
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (stays.members().size() > 1 && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                assertEquals(1, stays.members().size(), "the member that left is still listed: " + stays.members());
                warnings.addAll(log.lines(Level.WARN));
                warnings.addAll(log.lines(Level.ERROR));
            }
            assertEquals(List.of(), warnings);
        }
    }
}
