package dev.ockamj.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ockamj.node.Node;
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
}
