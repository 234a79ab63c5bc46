package dev.bulkhead.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The report: titled sections of text lines and tables, printed as text and written as Markdown. */
final class Report {

    /** A section: its title, lines before its table, the table (may be empty), lines after. */
    record Section(String title, List<String> before, TextTable table, List<String> after) {}

    private final String title;
    private final List<Section> sections = new ArrayList<>();

    Report(String title) {
        this.title = title;
    }

    Report add(Section section) {
        sections.add(section);
        return this;
    }

    String text() {
        var lines = new ArrayList<String>();
        lines.add(title);
        lines.add("=".repeat(title.length()));
        for (var section : sections) {
            lines.add("");
            lines.add(section.title());
            lines.addAll(section.before());
            if (section.table() != null && !section.table().isEmpty()) {
                section.table().lines().forEach(l -> lines.add("  " + l));
            }
            lines.addAll(section.after());
        }
        return String.join("\n", lines) + "\n";
    }

    String markdown() {
        var lines = new ArrayList<String>();
        lines.add("# " + title);
        for (var section : sections) {
            lines.add("");
            lines.add("## " + section.title());
            if (!section.before().isEmpty()) {
                lines.add("");
                section.before().forEach(l -> lines.add(l.isBlank() ? "" : "- " + l.strip()));
            }
            if (section.table() != null && !section.table().isEmpty()) {
                lines.add("");
                lines.add("```");
                lines.addAll(section.table().lines());
                lines.add("```");
            }
            if (!section.after().isEmpty()) {
                lines.add("");
                section.after().forEach(l -> lines.add(l.isBlank() ? "" : "- " + l.strip()));
            }
        }
        return String.join("\n", lines) + "\n";
    }

    void write(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, markdown());
    }
}
