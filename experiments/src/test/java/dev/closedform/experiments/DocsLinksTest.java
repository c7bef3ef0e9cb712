package dev.closedform.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every relative link of README.md and docs/**.md points to a file or folder of the repository, and every
 * {@code #anchor} to a heading of its target (GitHub's heading ids). Links inside code blocks and code spans
 * are text, not links; absolute URLs are not checked.
 */
class DocsLinksTest {

    /** {@code [text](target)} and {@code ![alt](target)}, with an optional title after the target. */
    private static final Pattern INLINE = Pattern.compile("!?\\[[^\\]]*\\]\\(\\s*<?([^)\\s>]*)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    /** {@code [label]: target} reference definitions. */
    private static final Pattern REFERENCE = Pattern.compile("^\\s{0,3}\\[[^\\]]+\\]:\\s*<?(\\S+?)>?(?:\\s.*)?$");
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");

    @Test
    void everyRelativeLinkOfTheManualResolves() throws IOException {
        Path root = Path.of(System.getProperty("user.dir")).getParent(); // surefire runs in the module folder
        assertTrue(Files.isRegularFile(root.resolve("README.md")) && Files.isDirectory(root.resolve("docs")),
                "no README.md and docs/ in " + root);
        List<Path> files = new ArrayList<>();
        files.add(root.resolve("README.md"));
        try (Stream<Path> walk = Files.walk(root.resolve("docs"))) {
            walk.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        assertTrue(files.size() > 5, "suspiciously few markdown files: " + files);
        List<String> broken = new ArrayList<>();
        int links = 0;
        for (Path file : files) {
            List<String> targets = links(Files.readString(file));
            links += targets.size();
            for (String target : targets) {
                problem(root, file, target).ifPresent(broken::add);
            }
        }
        assertTrue(links > 50, "suspiciously few links found: " + links);
        assertEquals(List.of(), broken, "broken links in the manual");
    }

    /** The checker itself: a good link, a missing file, a missing anchor, links in code that are not links. */
    @Test
    void theCheckerFindsMissingFilesAndAnchorsAndIgnoresCode(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("docs/results"));
        Files.writeString(root.resolve("docs/a.md"), String.join("\n",
                "# Title", "## The `run` folder, and more", "## Twice", "## Twice",
                "see [b](results/b.md#top) and [here](#the-run-folder-and-more) and [again](#twice-1)",
                "a [gone](missing.md) file, a [bad anchor](results/b.md#nowhere), ![img](results/pic.png)",
                "`[not a link](code-span.md)`", "```", "[not a link](fenced.md)", "```",
                "[web](https://example.org/x.md) [folder](results/)", "[ref]: results/also-missing.md"));
        Files.writeString(root.resolve("docs/results/b.md"), "# Top\n");
        Path a = root.resolve("docs/a.md");
        List<String> found = new ArrayList<>();
        for (String target : links(Files.readString(a))) {
            problem(root, a, target).ifPresent(found::add);
        }
        assertEquals(List.of("docs/a.md: missing.md (no such file)", "docs/a.md: results/b.md#nowhere (no heading 'nowhere')",
                "docs/a.md: results/pic.png (no such file)", "docs/a.md: results/also-missing.md (no such file)"), found);
    }

    @Test
    void headingIdsFollowGitHub() {
        assertEquals(List.of("the-run-folder", "exit-codes-and-messages", "iv-train", "test-squared-loss-of-ce",
                "generating-data-closedform-data", "twice", "twice-1"),
                List.copyOf(anchors("## The run folder\n### Exit codes and messages\n## `iv train`\n### Test squared loss of `ce`\n"
                        + "## Generating data: `closedform data`\n# Twice\n# Twice\n")));
    }

    /** The link targets of a markdown text, outside fenced code blocks and code spans. */
    static List<String> links(String markdown) {
        List<String> out = new ArrayList<>();
        boolean fenced = false;
        for (String line : markdown.split("\n", -1)) {
            if (line.stripLeading().startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            if (fenced) {
                continue;
            }
            String text = line.replaceAll("`[^`]*`", "");
            Matcher m = INLINE.matcher(text);
            while (m.find()) {
                out.add(m.group(1));
            }
            Matcher r = REFERENCE.matcher(text);
            if (r.matches()) {
                out.add(r.group(1));
            }
        }
        return out;
    }

    /** What is wrong with one link of {@code file}, if anything. */
    static java.util.Optional<String> problem(Path root, Path file, String target) {
        if (target.isEmpty() || SCHEME.matcher(target).find()) {
            return java.util.Optional.empty(); // absolute URLs (https:, mailto:) are not the repository's
        }
        int hash = target.indexOf('#');
        String path = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        Path resolved = path.isEmpty() ? file : file.getParent().resolve(path).normalize();
        String where = root.relativize(file).toString().replace('\\', '/') + ": " + target;
        if (!resolved.startsWith(root) || !Files.exists(resolved)) {
            return java.util.Optional.of(where + " (no such file)");
        }
        if (anchor != null && resolved.toString().endsWith(".md")) {
            try {
                if (!anchors(Files.readString(resolved)).contains(anchor)) {
                    return java.util.Optional.of(where + " (no heading '" + anchor + "')");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * GitHub's ids of a markdown text's headings: lower case, code marks and punctuation dropped, spaces as
     * hyphens; a repeated id gets {@code -1}, {@code -2}, ...
     */
    static Set<String> anchors(String markdown) {
        Set<String> ids = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean fenced = false;
        for (String line : markdown.split("\n", -1)) {
            if (line.stripLeading().startsWith("```")) {
                fenced = !fenced;
            }
            if (fenced || !line.matches("#{1,6}\\s.*")) {
                continue;
            }
            String heading = line.replaceFirst("^#{1,6}\\s+", "").replaceFirst("\\s+#+\\s*$", "").strip();
            String id = heading.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
            int n = seen.merge(id, 1, Integer::sum) - 1;
            ids.add(n == 0 ? id : id + "-" + n);
        }
        return ids;
    }
}
