package dev.bulkhead.deploymentcheck.docker;

import dev.bulkhead.deploymentcheck.project.Repository;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

/** {@code .dockerignore} as Docker applies it: glob patterns from the context root, {@code !} re-includes, last match wins. */
final class DockerIgnore {

    private record Rule(PathMatcher matcher, PathMatcher below, boolean exclude) {}

    private final List<Rule> rules = new ArrayList<>();

    static DockerIgnore load() {
        var ignore = new DockerIgnore();
        for (String line : Repository.read(Repository.path(".dockerignore")).split("\n")) {
            String pattern = line.strip();
            if (pattern.isEmpty() || pattern.startsWith("#")) continue;
            boolean exclude = !pattern.startsWith("!");
            if (!exclude) pattern = pattern.substring(1);
            pattern = pattern.replaceAll("^/+", "").replaceAll("/+$", "");
            var fs = FileSystems.getDefault();
            ignore.rules.add(new Rule(
                    fs.getPathMatcher("glob:" + pattern), fs.getPathMatcher("glob:" + pattern + "/**"), exclude));
            if (pattern.startsWith("**/")) { // Docker's **/ also matches at the root
                String rooted = pattern.substring(3);
                ignore.rules.add(new Rule(
                        fs.getPathMatcher("glob:" + rooted), fs.getPathMatcher("glob:" + rooted + "/**"), exclude));
            }
        }
        return ignore;
    }

    /** Whether a path (relative to the context root) is left out of the build context. */
    boolean excludes(String relative) {
        Path path = Path.of(relative.replaceAll("/+$", ""));
        boolean excluded = false;
        for (Rule rule : rules) {
            if (rule.matcher().matches(path) || rule.below().matches(path)) {
                excluded = rule.exclude();
            }
        }
        return excluded;
    }
}
