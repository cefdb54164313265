package io.kairos.console;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kairos.channel.RedisAcl;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The ACL line operators copy from the docs is the one the browser test runs the console with. */
class ConsoleDocsTest {
    private static final Path DOCS = Path.of(System.getProperty("basedir", "."), "..", "docs");

    @Test
    void theConsolesAclRulesAreTheDocumentedOnes() throws Exception {
        for (String doc : new String[] {"REDIS-CONTRACT.md", "OPERATIONS.md"}) {
            String text = Files.readString(DOCS.resolve(doc));
            assertTrue(text.contains("ACL SETUSER kairos-console on >CHANGE-ME " + RedisAcl.CONSOLE_RULES), doc);
        }
    }
}
