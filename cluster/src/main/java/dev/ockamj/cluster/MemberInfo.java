package dev.ockamj.cluster;

import java.util.Set;

/** One member of the cluster as this member sees it: {@code host:port}, status (Up, Leaving, ...), roles, reachability. */
public record MemberInfo(String address, String status, Set<String> roles, boolean reachable) {
}
