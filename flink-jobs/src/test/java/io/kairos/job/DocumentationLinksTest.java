package io.kairos.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every relative link in README.md and docs/ resolves: to a file or directory of the repository,
 * and, with a {@code #fragment}, to a heading of the Markdown file it names (GitHub's anchors).
 * Moving a section between documents must not leave a reader at a dead link.
 */
class DocumentationLinksTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    /** [text](target) and [text](target "title"); images too. Not inside code spans or blocks. */
    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");

    @Test
    void everyRelativeLinkInTheDocsResolves() throws IOException {
        List<Path> documents = documents();
        assertTrue(documents.size() >= 5, "README.md and docs/*.md: " + documents);
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path doc : documents) {
            int lineNumber = 0;
            boolean inCodeBlock = false;
            for (String line : Files.readAllLines(doc)) {
                lineNumber++;
                if (line.strip().startsWith("```")) {
                    inCodeBlock = !inCodeBlock;
                    continue;
                }
                if (inCodeBlock) {
                    continue;
                }
                Matcher m = LINK.matcher(line.replaceAll("`[^`]*`", ""));
                while (m.find()) {
                    String target = m.group(1);
                    if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
                        continue; // https:, mailto: ...: not ours to check here
                    }
                    checked++;
                    String problem = problemWith(doc, target);
                    if (problem != null) {
                        broken.add(ROOT.relativize(doc) + ":" + lineNumber + ": " + target + " (" + problem + ")");
                    }
                }
            }
        }
        assertTrue(checked > 10, "found only " + checked + " relative links: is the pattern still right?");
        assertEquals(List.of(), broken, "broken links");
    }

    @Test
    void anchorsAreGithubs() {
        assertEquals("decisions-the-contact-policy-and-the-control-group",
                anchorOf("Decisions, the contact policy and the control group"));
        assertEquals("the-engine-against-a-bare-flink-job-kairos-bench-engine",
                anchorOf("The engine against a bare Flink job: `./kairos bench-engine`"));
    }

    @Test
    void aBrokenLinkIsFound() throws IOException {
        Path doc = ROOT.resolve("README.md");
        assertEquals("no such file", problemWith(doc, "docs/NO-SUCH-FILE.md"));
        assertEquals("no heading 'no-such-heading' in docs/OPERATIONS.md", problemWith(doc, "docs/OPERATIONS.md#no-such-heading"));
        assertEquals(null, problemWith(doc, "docs/OPERATIONS.md#rescale"));
    }

    private static List<Path> documents() throws IOException {
        List<Path> documents = new ArrayList<>();
        documents.add(ROOT.resolve("README.md"));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(documents::add);
        }
        return documents;
    }

    /** Null if the link resolves, else what is wrong. */
    private static String problemWith(Path doc, String target) throws IOException {
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        String fragment = hash < 0 ? null : target.substring(hash + 1);
        Path resolved = file.isEmpty() ? doc : doc.getParent().resolve(file).normalize();
        if (!Files.exists(resolved)) {
            return "no such file";
        }
        if (fragment != null && resolved.toString().endsWith(".md") && !anchors(resolved).contains(fragment)) {
            return "no heading '" + fragment + "' in " + ROOT.relativize(resolved);
        }
        return null;
    }

    private static Set<String> anchors(Path markdown) throws IOException {
        Set<String> anchors = new HashSet<>();
        boolean inCodeBlock = false;
        for (String line : Files.readAllLines(markdown)) {
            if (line.strip().startsWith("```")) {
                inCodeBlock = !inCodeBlock;
            }
            Matcher m = HEADING.matcher(line);
            if (!inCodeBlock && m.matches()) {
                String anchor = anchorOf(m.group(1));
                String unique = anchor;
                for (int i = 1; !anchors.add(unique); i++) {
                    unique = anchor + "-" + i; // GitHub numbers repeated headings
                }
            }
        }
        return anchors;
    }

    /** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
    static String anchorOf(String heading) {
        return heading.toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N} _-]", "")
                .replace(' ', '-');
    }
}
