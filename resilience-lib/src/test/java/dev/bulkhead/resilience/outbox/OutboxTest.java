package dev.bulkhead.resilience.outbox;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class OutboxTest {

    private final Outbox outbox =
            new Outbox(null, JsonMapper.builder().build(), Clock.systemUTC(), "outbox-test", null, () -> {});

    @Test
    void refusesToKeyAnEventByAnythingButItsSubject() {
        var envelope = new EventEnvelope(
                UUID.randomUUID(), "WidgetRenamed", 1, "outbox-test", Instant.now(), "widget-1", null, Map.of());

        assertThatThrownBy(() -> outbox.append("widgets", "user-7", envelope))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not subject widget-1");
    }
}
