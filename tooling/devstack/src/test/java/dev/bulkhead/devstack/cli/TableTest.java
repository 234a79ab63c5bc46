package dev.bulkhead.devstack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TableTest {

    @Test
    void padsEveryColumnToItsWidestCellAndTrimsLineEnds() {
        var text = Table.render(List.of(
                new Table.Row("gateway", "8080", "4242", "UP", "181 MiB", ".bulkhead/logs/gateway.log"),
                new Table.Row("notification-2", "9086", "-", "no answer", "-", "")));

        assertThat(text).isEqualTo("""
                        SERVICE         PORT  PID   HEALTH     RSS      LOG
                        gateway         8080  4242  UP         181 MiB  .bulkhead/logs/gateway.log
                        notification-2  9086  -     no answer  -
                        """);
    }

    @Test
    void anEmptyTableIsItsHeader() {
        assertThat(Table.render(List.of())).isEqualTo("SERVICE  PORT  PID  HEALTH  RSS  LOG\n");
    }
}
