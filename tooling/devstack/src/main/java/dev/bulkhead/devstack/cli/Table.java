package dev.bulkhead.devstack.cli;

import java.util.ArrayList;
import java.util.List;

/** The service table printed by up and status: one row per process, columns padded to fit. */
final class Table {

    record Row(String service, String port, String pid, String health, String memory, String log) {
        List<String> cells() {
            return List.of(service, port, pid, health, memory, log);
        }
    }

    private static final Row HEADER = new Row("SERVICE", "PORT", "PID", "HEALTH", "RSS", "LOG");

    private Table() {}

    static String render(List<Row> rows) {
        var all = new ArrayList<Row>();
        all.add(HEADER);
        all.addAll(rows);
        int columns = HEADER.cells().size();
        var widths = new int[columns];
        for (var row : all) {
            for (int c = 0; c < columns; c++) {
                widths[c] = Math.max(widths[c], row.cells().get(c).length());
            }
        }
        var text = new StringBuilder();
        for (var row : all) {
            var line = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                var cell = row.cells().get(c);
                line.append(cell);
                if (c < columns - 1) {
                    line.append(" ".repeat(widths[c] - cell.length() + 2));
                }
            }
            text.append(line.toString().stripTrailing()).append('\n');
        }
        return text.toString();
    }
}
