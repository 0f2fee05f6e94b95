package dev.ockamj.cluster;

import java.util.Set;

/**
 * One member of the cluster as this member sees it: {@code host:port}, status (Up, Leaving, ...), roles, reachability.
 *
 * @param address the member's Artery address, {@code host:port}
 * @param status Akka's member status as text: {@code Joining}, {@code Up}, {@code Leaving}, {@code Exiting}, ...
 * @param roles the member's cluster roles
 * @param reachable false while this member's failure detector finds it unreachable
 */
public record MemberInfo(String address, String status, Set<String> roles, boolean reachable) {
}
