package dev.bulkhead.deploymentcheck.docs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a Markdown file says, in the little of CommonMark the checks need: its lines outside fenced
 * code blocks, the inline links and code spans on them, and the anchors its headings get on GitHub.
 */
final class Markdown {

    /** {@code [text](target)} or {@code ![alt](target "title")}; the target stops at a space or ')'. */
    private static final Pattern LINK =
            Pattern.compile("!?\\[[^\\]]*]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");

    private static final Pattern CODE_SPAN = Pattern.compile("(`+)(.+?)\\1");
    private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern FENCE = Pattern.compile("^ {0,3}(```|~~~)");

    /** A line of prose (not inside a fenced block), numbered from 1. */
    record Line(int number, String text) {}

    /** A code span or link found on a line. */
    record Found(int line, String text) {}

    private final List<Line> prose;

    private Markdown(List<Line> prose) {
        this.prose = prose;
    }

    static Markdown parse(String content) {
        List<Line> prose = new ArrayList<>();
        String[] lines = content.split("\r?\n", -1);
        String fence = null;
        for (int i = 0; i < lines.length; i++) {
            Matcher opening = FENCE.matcher(lines[i]);
            if (fence == null && opening.find()) {
                fence = opening.group(1);
            } else if (fence != null && lines[i].strip().startsWith(fence)) {
                fence = null;
            } else if (fence == null) {
                prose.add(new Line(i + 1, lines[i]));
            }
        }
        return new Markdown(prose);
    }

    List<Line> prose() {
        return prose;
    }

    /** Link targets, code spans removed first (a link inside backticks is text). */
    List<Found> links() {
        List<Found> links = new ArrayList<>();
        for (Line line : prose) {
            Matcher link = LINK.matcher(CODE_SPAN.matcher(line.text()).replaceAll(""));
            while (link.find()) {
                links.add(new Found(line.number(), link.group(1)));
            }
        }
        return links;
    }

    /** The contents of every code span. */
    List<Found> codeSpans() {
        List<Found> spans = new ArrayList<>();
        for (Line line : prose) {
            Matcher span = CODE_SPAN.matcher(line.text());
            while (span.find()) {
                spans.add(new Found(line.number(), span.group(2).strip()));
            }
        }
        return spans;
    }

    /** The anchors GitHub gives the headings, duplicates numbered as GitHub numbers them. */
    Set<String> anchors() {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (Line line : prose) {
            Matcher heading = HEADING.matcher(line.text());
            if (heading.matches()) {
                String slug = slug(heading.group(2));
                int count = seen.merge(slug, 1, Integer::sum);
                anchors.add(count == 1 ? slug : slug + "-" + (count - 1));
            }
        }
        return anchors;
    }

    /** GitHub's heading anchor: lower case, punctuation dropped (except '-' and '_'), each space a '-'. */
    static String slug(String heading) {
        String text = heading.replaceAll("\\[([^\\]]*)]\\([^)]*\\)", "$1"); // a link's text only
        return text.toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N}\\p{M} _-]", "")
                .replace(' ', '-');
    }

    /** The table rows in the section whose heading starts with {@code title}, with their lines. */
    List<Found> tableRowsUnder(String title) {
        List<Found> rows = new ArrayList<>();
        boolean inSection = false;
        for (Line line : prose) {
            Matcher heading = HEADING.matcher(line.text());
            if (heading.matches()) {
                if (inSection) {
                    break;
                }
                inSection = heading.group(2).startsWith(title);
            } else if (inSection && line.text().startsWith("|")) {
                // Rows cut off by a blank line still count: that mistake is reported on its own.
                rows.add(new Found(line.number(), line.text()));
            }
        }
        return rows;
    }
}
