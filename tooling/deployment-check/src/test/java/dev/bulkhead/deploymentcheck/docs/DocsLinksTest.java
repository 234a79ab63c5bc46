package dev.bulkhead.deploymentcheck.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.deploymentcheck.project.Repository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Markdown in the repository — README.md, docs/, every module's README — names only what exists:
 * relative links reach a file and, with {@code #anchor}, one of its headings; a backticked repository
 * path ({@code gateway/src/...}, {@code resilience-lib/.../outbox/}) matches a file or folder; every
 * test the README's patterns table cites as proof is a class in the repository. Docs drift silently
 * when code moves; this makes a rename fail the build and say which lines to fix.
 */
class DocsLinksTest {

    /** Folders that are built, local state or tool settings, never documentation's subject. */
    private static final Set<String> IGNORED =
            Set.of("target", ".git", ".bulkhead", ".idea", ".vscode", "node_modules");

    /** A test class named in prose: {@code OutboxIT}, {@code OrderSagaIT.WhenTheDeadlinePasses}, {@code *StartsIT}. */
    private static final Pattern TEST_NAME = Pattern.compile("(\\*?[A-Z]?\\w*(?:Test|IT))(?:\\.(\\w+))?");

    private static final Pattern TABLE_DELIMITER =
            Pattern.compile("^\\|?\\s*:?-{3,}:?\\s*(\\|\\s*:?-{3,}:?\\s*)*\\|?\\s*$");

    private final Path root = Repository.root();
    private final List<String> repoPaths = listRepository();

    @Test
    void everyRelativeLinkReachesAFileAndEveryAnchorAHeading() {
        List<String> broken = new ArrayList<>();
        for (Path file : markdownFiles()) {
            Markdown markdown = Markdown.parse(Repository.read(file));
            for (Markdown.Found link : markdown.links()) {
                String target = link.text();
                if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
                    continue; // http:, https:, mailto: — not the repository's to check
                }
                int hash = target.indexOf('#');
                String path = hash < 0 ? target : target.substring(0, hash);
                String anchor = hash < 0 ? null : target.substring(hash + 1);
                Path resolved =
                        path.isEmpty() ? file : file.getParent().resolve(path).normalize();
                String where = Repository.relative(file) + ":" + link.line();
                if (!resolved.startsWith(root) || !Files.exists(resolved)) {
                    broken.add(where + " link to " + target + ": no such file");
                } else if (anchor != null && resolved.toString().endsWith(".md")) {
                    Set<String> anchors =
                            Markdown.parse(Repository.read(resolved)).anchors();
                    if (!anchors.contains(anchor)) {
                        broken.add(where + " link to " + target + ": no heading with anchor #" + anchor + " in "
                                + Repository.relative(resolved));
                    }
                }
            }
        }
        assertThat(broken).as("broken links (file:line)").isEmpty();
    }

    @Test
    void everyBacktickedRepositoryPathExists() {
        List<String> broken = new ArrayList<>();
        for (Path file : markdownFiles()) {
            Path dir = file.getParent();
            for (Markdown.Found span : Markdown.parse(Repository.read(file)).codeSpans()) {
                // ./bulkhead, ./mvnw: commands run from the root, whichever file shows them.
                boolean fromRoot = span.text().startsWith("./");
                String text = fromRoot ? span.text().substring(2) : span.text();
                if (!looksLikePath(text)) {
                    continue;
                }
                String first = text.substring(0, text.indexOf('/'));
                // A module's README may name its own files relative to itself (src/test/resources/...).
                Path base = !fromRoot && !dir.equals(root) && Files.isDirectory(dir.resolve(first)) ? dir : root;
                if (IGNORED.contains(first) || !Files.isDirectory(base.resolve(first))) {
                    continue; // not a repository path: a URL path, an image name, a runtime folder
                }
                String prefix = root.relativize(base).toString().replace('\\', '/');
                String wanted = (prefix.isEmpty() ? "" : prefix + "/") + stripTrailingSlash(text);
                if (!exists(wanted)) {
                    broken.add(Repository.relative(file) + ":" + span.line() + " `" + text + "`: nothing in the"
                            + " repository matches " + wanted);
                }
            }
        }
        assertThat(broken).as("backticked paths that do not exist (file:line)").isEmpty();
    }

    @Test
    void everyTestThePatternsTableCitesExists() {
        Path readme = root.resolve("README.md");
        List<Markdown.Found> rows = Markdown.parse(Repository.read(readme)).tableRowsUnder("Patterns");
        assertThat(rows)
                .as("the README has a patterns table under a heading starting with 'Patterns'")
                .isNotEmpty();
        List<String> missing = new ArrayList<>();
        int cited = 0;
        for (Markdown.Found row : rows) {
            String[] cells = row.text().split("\\|");
            if (cells.length < 4) {
                continue;
            }
            String provedBy = cells[3]; // | pattern | where | proved by | see it |
            Matcher span = Pattern.compile("`([^`]+)`").matcher(provedBy);
            while (span.find()) {
                Matcher name = TEST_NAME.matcher(span.group(1).strip());
                if (!name.matches()) {
                    continue;
                }
                cited++;
                String problem = missingTest(name.group(1), name.group(2));
                if (problem != null) {
                    missing.add("README.md:" + row.line() + " `" + span.group(1) + "`: " + problem);
                }
            }
        }
        assertThat(cited).as("test classes cited in the patterns table").isPositive();
        assertThat(missing)
                .as("tests the patterns table cites that do not exist (file:line)")
                .isEmpty();
    }

    @Test
    void everyTableEndsWhereItsRowsEnd() {
        List<String> broken = new ArrayList<>();
        for (Path file : markdownFiles()) {
            List<Markdown.Line> prose = Markdown.parse(Repository.read(file)).prose();
            for (int i = 1; i < prose.size(); i++) {
                Markdown.Line line = prose.get(i);
                Markdown.Line before = prose.get(i - 1);
                boolean afterBlank = before.text().isBlank() && before.number() == line.number() - 1;
                boolean startsTable = i + 1 < prose.size()
                        && TABLE_DELIMITER.matcher(prose.get(i + 1).text()).matches();
                boolean continuesTable = i >= 2 && prose.get(i - 2).text().startsWith("|") && !startsTable;
                if (line.text().startsWith("|") && afterBlank && continuesTable) {
                    broken.add(Repository.relative(file) + ":" + line.number()
                            + " a table row after a blank line: the blank line ends the table above, so this"
                            + " row renders as plain text");
                }
                boolean rightAfterRow = before.text().startsWith("|") && before.number() == line.number() - 1;
                if (rightAfterRow && !line.text().isBlank() && !line.text().startsWith("|")) {
                    broken.add(Repository.relative(file) + ":" + line.number()
                            + " text right after a table: without a blank line before it, it renders as one"
                            + " more row of the table");
                }
            }
        }
        assertThat(broken).as("tables broken by blank lines (file:line)").isEmpty();
    }

    /** A code span naming a path: a '/' after a first segment, no spaces, placeholders or options. */
    private static boolean looksLikePath(String text) {
        int slash = text.indexOf('/');
        return slash > 0 && !text.matches(".*[\\s<>{}$=\"',;()@].*") && !text.contains("://");
    }

    /** {@code ...} stands for any folders, {@code *} for any part of one name. */
    private boolean exists(String wanted) {
        StringBuilder regex = new StringBuilder();
        for (String part : wanted.split("/", -1)) {
            if (part.equals("...") || part.equals("…")) {
                regex.append("(?:[^/]+/)*");
                continue;
            }
            regex.append(Pattern.quote(part).replace("*", "\\E[^/]*\\Q")).append('/');
        }
        Pattern pattern = Pattern.compile(regex.substring(0, regex.length() - 1));
        return repoPaths.stream().anyMatch(p -> pattern.matcher(p).matches());
    }

    /** Why {@code name} (and {@code member}, a method or nested class) is not in the repository, or null. */
    private String missingTest(String name, String member) {
        List<String> files;
        if (name.startsWith("*")) {
            String suffix = name.substring(1) + ".java";
            files = repoPaths.stream().filter(p -> p.endsWith(suffix)).toList();
        } else {
            files = repoPaths.stream()
                    .filter(p -> p.endsWith("/" + name + ".java"))
                    .toList();
        }
        if (files.isEmpty()) {
            return "no file " + name + ".java";
        }
        if (member != null
                && files.stream()
                        .noneMatch(f -> Repository.read(root.resolve(f)).matches("(?s).*\\b" + member + "\\b.*"))) {
            return name + " has no " + member;
        }
        return null;
    }

    private static String stripTrailingSlash(String text) {
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    private List<Path> markdownFiles() {
        List<Path> files = repoPaths.stream()
                .filter(p -> p.endsWith(".md"))
                .map(root::resolve)
                .toList();
        assertThat(files).as("Markdown files under " + root).contains(root.resolve("README.md"));
        return files;
    }

    /** Every file and folder of the repository, relative, with '/' separators. */
    private List<String> listRepository() {
        Map<String, Boolean> paths = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(p -> !p.equals(root))
                    .filter(p -> root.relativize(p).toString().isEmpty() || !ignored(p))
                    .forEach(p -> paths.put(root.relativize(p).toString().replace('\\', '/'), true));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ArrayList<>(new TreeSet<>(paths.keySet()));
    }

    private boolean ignored(Path path) {
        for (Path part : root.relativize(path)) {
            if (IGNORED.contains(part.toString())) {
                return true;
            }
        }
        return false;
    }
}
