package dev.bulkhead.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulkhead.bench.TextTable.Column;
import org.junit.jupiter.api.Test;

class TextTableTest {

    @Test
    void columnsAreAsWideAsTheirWidestCellWithNumbersRightAligned() {
        var table = new TextTable(Column.left("route"), Column.right("req/s"), Column.left("note"))
                .row("products", "12,345", "")
                .row("users", "987", "slow");

        assertThat(table.lines())
                .containsExactly(
                        "route      req/s  note",
                        "--------  ------  ----",
                        "products  12,345",
                        "users        987  slow");
    }

    @Test
    void aRowOfTheWrongWidthIsRefused() {
        var table = new TextTable(Column.left("a"), Column.left("b"));

        assertThatThrownBy(() -> table.row("only one")).isInstanceOf(IllegalArgumentException.class);
    }
}
