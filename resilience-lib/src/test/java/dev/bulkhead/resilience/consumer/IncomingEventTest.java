package dev.bulkhead.resilience.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

class IncomingEventTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String EVENT = """
            {"id":"5f0c2a9e-8d7b-4c55-9a7e-2f1d3c4b5a69","type":"OrderCreated","version":1,
             "source":"order-service","time":"2026-11-23T09:15:30Z","subject":"o-1","traceparent":null,
             "unknownEnvelopeField":true,
             "data":{"orderId":"3b7e9f2a-1c4d-4e8f-9a0b-6c5d4e3f2a1b","total":{"amountMinor":1250,"currency":"EUR"},
                     "items":[{"productId":"p1","quantity":2}],"price":"12.50","extra":"ignored"}}
            """;

    @Test
    void readsTheEnvelopeAndTheBodyIgnoringUnknownFields() {
        IncomingEvent event = IncomingEvent.read(JSON, EVENT);

        assertThat(event.id()).isEqualTo(UUID.fromString("5f0c2a9e-8d7b-4c55-9a7e-2f1d3c4b5a69"));
        assertThat(event.is("OrderCreated")).isTrue();
        assertThat(event.version()).isOne();
        assertThat(event.time()).isEqualTo(Instant.parse("2026-11-23T09:15:30Z"));
        assertThat(event.traceparent()).isNull();
        assertThat(event.data().uuid("orderId")).isEqualTo(UUID.fromString("3b7e9f2a-1c4d-4e8f-9a0b-6c5d4e3f2a1b"));
        assertThat(event.data().object("total").number("amountMinor")).isEqualTo(1250);
        assertThat(event.data().objects("items")).singleElement().satisfies(line -> {
            assertThat(line.text("productId")).isEqualTo("p1");
            assertThat(line.integer("quantity")).isEqualTo(2);
        });
        assertThat(event.data().decimal("price")).isEqualByComparingTo(new BigDecimal("12.50"));
        assertThat(event.data().optionalText("absent")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "not json",
                "[1,2]",
                "{\"type\":\"OrderCreated\"}",
                "{\"id\":\"nope\",\"type\":\"X\",\"version\":1,\"source\":\"s\",\"time\":\"2026-11-23T09:15:30Z\",\"subject\":\"s\",\"data\":{}}",
                "{\"id\":\"5f0c2a9e-8d7b-4c55-9a7e-2f1d3c4b5a69\",\"type\":\"X\",\"version\":1,\"source\":\"s\",\"time\":\"yesterday\",\"subject\":\"s\",\"data\":{}}",
                "{\"id\":\"5f0c2a9e-8d7b-4c55-9a7e-2f1d3c4b5a69\",\"type\":\"X\",\"version\":1,\"source\":\"s\",\"time\":\"2026-11-23T09:15:30Z\",\"subject\":\"s\"}"
            })
    void refusesWhatCannotBeReadAsMalformed(String value) {
        assertThatThrownBy(() -> IncomingEvent.read(JSON, value)).isInstanceOf(MalformedEvent.class);
    }

    @Test
    void namesTheMissingFieldOfTheBody() {
        IncomingEvent event = IncomingEvent.read(JSON, EVENT);

        assertThatThrownBy(() -> event.data().uuid("userId"))
                .isInstanceOf(MalformedEvent.class)
                .hasMessageContaining("OrderCreated.data.userId");
        assertThatThrownBy(() -> event.data().object("total").text("amount"))
                .hasMessageContaining("OrderCreated.data.total.amount");
        assertThatThrownBy(() -> event.data().integer("price")).isInstanceOf(MalformedEvent.class);
    }
}
