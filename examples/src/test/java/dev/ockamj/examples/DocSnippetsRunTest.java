package dev.ockamj.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ockamj.cluster.ClusterNode;
import dev.ockamj.node.Node;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The docs' snippets do what the docs say when run as written (DocsSnippetsTest checks they are the code). */
class DocSnippetsRunTest {

    @Test
    void theAccessControlSnippetGetsItsReply() {
        Node node = Node.builder().name("docs-access").start();
        try {
            assertEquals("status", DocSnippets.workerBuilder(node));
        } finally {
            node.stop();
        }
    }

    @Test
    void theMetricsSnippetCountsTheRequestAndItsReply() {
        // a request to the echoer and its reply to the requester: two messages put in mailboxes
        assertEquals(2.0, DocSnippets.metrics());
    }

    @Test
    void theClusterSnippetsDoWhatTheDocsSay() {
        try (ClusterNode member = ClusterNode.builder().name("docs-m1").artery("127.0.0.1", 0).start()) {
            member.join(member.memberAddress());
            member.awaitMembers(1, Duration.ofSeconds(30));
            assertEquals("HELLO", DocSnippets.service(member));
            // the factory got the entity id; Increment and Get arrived as the Command variants
            assertEquals("customer-42: 2", DocSnippets.sharded(member));
        }
    }

    @Test
    void theSecureChannelSnippetGetsItsReplyThroughTheChannel() {
        try (Node server = Node.builder().name("docs-sc-server").start();
             Node client = Node.builder().name("docs-sc-client").start()) {
            server.startWorker("echoer", new dev.ockamj.node.Echoer());
            assertEquals("Hello Ockam!", DocSnippets.secureChannel(server, client));
        }
    }
}
