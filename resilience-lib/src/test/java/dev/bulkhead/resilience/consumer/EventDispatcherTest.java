package dev.bulkhead.resilience.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.transaction.support.TransactionOperations;
import tools.jackson.databind.json.JsonMapper;

class EventDispatcherTest {

    record Line(UUID productId, int quantity) {
        Line {
            if (quantity < 1) throw new IllegalArgumentException("quantity below 1: " + quantity);
        }
    }

    record Money(long amountMinor, String currency) {}

    record OrderCreated(UUID orderId, List<Line> items, Money total, Optional<String> note) {}

    record UserRegistered(
            UUID userId,
            String name,
            @org.jspecify.annotations.Nullable Instant registeredAt) {}

    private static final UUID ID = UUID.fromString("5f0c2a9e-8d7b-4c55-9a7e-2f1d3c4b5a69");
    private static final UUID ORDER = UUID.fromString("3b7e9f2a-1c4d-4e8f-9a0b-6c5d4e3f2a1b");
    private static final UUID PRODUCT = UUID.fromString("0b8e5c1a-2d3f-4a6b-9c7d-8e9f0a1b2c3d");
    private static final String CREATED_DATA = """
            {"orderId":"%s","items":[{"productId":"%s","quantity":2,"extra":1}],
             "total":{"amountMinor":1250,"currency":"EUR"},"unknownField":true}""".formatted(ORDER, PRODUCT);

    private final Set<String> claimed = new HashSet<>();
    private final List<String> transactionLog = new ArrayList<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final EventDispatchers dispatchers = new EventDispatchers(
            (consumer, id) -> claimed.add(consumer + "/" + id),
            new TransactionOperations() {
                @Override
                public <T> T execute(org.springframework.transaction.support.TransactionCallback<T> action) {
                    transactionLog.add("begin");
                    T result = action.doInTransaction(null);
                    transactionLog.add("commit");
                    return result;
                }
            },
            JsonMapper.builder().build(),
            meters);
    private final List<ReceivedEvent<OrderCreated>> created = new ArrayList<>();

    private final EventDispatcher dispatcher = dispatchers
            .forConsumer("test.orders")
            .on("OrderCreated", 1, OrderCreated.class, event -> {
                transactionLog.add("apply " + event.id());
                created.add(event);
            })
            .ignoring("OrderConfirmed")
            .build();

    @Test
    void readsTheBodyIntoTheBoundRecordIgnoringUnknownFields() {
        dispatcher.dispatch(event("OrderCreated", 1, CREATED_DATA));

        assertThat(created).singleElement().satisfies(event -> {
            assertThat(event.id()).isEqualTo(ID);
            assertThat(event.type()).isEqualTo("OrderCreated");
            assertThat(event.time()).isEqualTo(Instant.parse("2026-11-23T09:15:30Z"));
            assertThat(event.data())
                    .isEqualTo(new OrderCreated(
                            ORDER, List.of(new Line(PRODUCT, 2)), new Money(1250, "EUR"), Optional.empty()));
        });
        assertThat(transactionLog)
                .as("the claim and the handler in one transaction")
                .containsExactly("begin", "apply " + ID, "commit");
        assertThat(claimed).containsExactly("test.orders/" + ID);
    }

    @Test
    void appliesAnEventIdOnceAndCountsTheRedelivery() {
        dispatcher.dispatch(event("OrderCreated", 1, CREATED_DATA));
        dispatcher.dispatch(event("OrderCreated", 1, CREATED_DATA));

        assertThat(created).hasSize(1);
        assertThat(meters.counter(EventDispatchers.DUPLICATE_EVENTS, "consumer", "test.orders")
                        .count())
                .isOne();
    }

    @Test
    void skipsAnUnknownTypeWithoutFailingAndCountsIt() {
        assertThat(meters.counter(EventDispatchers.UNKNOWN_EVENTS, "consumer", "test.orders")
                        .count())
                .as("registered at zero")
                .isZero();

        dispatcher.dispatch(event("OrderShipped", 1, "{}"));
        dispatcher.dispatch(event("OrderConfirmed", 7, "{}"));

        assertThat(created).isEmpty();
        assertThat(claimed).as("nothing claimed for a skipped type").isEmpty();
        assertThat(meters.counter(EventDispatchers.UNKNOWN_EVENTS, "consumer", "test.orders")
                        .count())
                .as("only the undeclared type counts as unknown")
                .isOne();
    }

    @Test
    void refusesAVersionWithoutABindingAsUnsupportedSoItIsDeadLettered() {
        assertThatThrownBy(() -> dispatcher.dispatch(event("OrderCreated", 2, CREATED_DATA)))
                .isInstanceOf(UnsupportedEventVersion.class)
                .isInstanceOf(MalformedEvent.class)
                .hasMessageContaining("OrderCreated version 2");
        assertThat(claimed).isEmpty();
        assertThat(created).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"items\":[{\"productId\":\"" + "0b8e5c1a-2d3f-4a6b-9c7d-8e9f0a1b2c3d" + "\",\"quantity\":2}],"
                        + "\"total\":{\"amountMinor\":1,\"currency\":\"EUR\"}}|OrderCreated.data.orderId",
                "{\"orderId\":\"3b7e9f2a-1c4d-4e8f-9a0b-6c5d4e3f2a1b\",\"items\":[{\"productId\":"
                        + "\"0b8e5c1a-2d3f-4a6b-9c7d-8e9f0a1b2c3d\"}],\"total\":{\"amountMinor\":1,\"currency\":\"EUR\"}}"
                        + "|OrderCreated.data.items[0].quantity",
                "{\"orderId\":\"3b7e9f2a-1c4d-4e8f-9a0b-6c5d4e3f2a1b\",\"items\":[],"
                        + "\"total\":{\"amountMinor\":1,\"currency\":\" \"}}|OrderCreated.data.total.currency",
                "{\"orderId\":\"nope\",\"items\":[],\"total\":{\"amountMinor\":1,\"currency\":\"EUR\"}}"
                        + "|OrderCreated.data.orderId",
                "{\"orderId\":\"3b7e9f2a-1c4d-4e8f-9a0b-6c5d4e3f2a1b\",\"items\":[],"
                        + "\"total\":{\"amountMinor\":\"12\",\"currency\":\"EUR\"}}|OrderCreated.data.total.amountMinor",
                "{\"orderId\":\"3b7e9f2a-1c4d-4e8f-9a0b-6c5d4e3f2a1b\",\"items\":[{\"productId\":"
                        + "\"0b8e5c1a-2d3f-4a6b-9c7d-8e9f0a1b2c3d\",\"quantity\":0}],"
                        + "\"total\":{\"amountMinor\":1,\"currency\":\"EUR\"}}|quantity below 1"
            })
    void refusesABodyThatDoesNotFitTheRecordNamingTheField(String dataAndMessage) {
        String[] parts = dataAndMessage.split("\\|");

        assertThatThrownBy(() -> dispatcher.dispatch(event("OrderCreated", 1, parts[0])))
                .isInstanceOf(MalformedEvent.class)
                .hasMessageContaining(parts[1]);
        assertThat(claimed).as("nothing claimed before the body is read").isEmpty();
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
    void refusesAnUnreadableEnvelopeAsMalformedWhateverItsType(String value) {
        assertThatThrownBy(() -> dispatcher.dispatch(value)).isInstanceOf(MalformedEvent.class);
    }

    @Test
    void appliesOneEventUnderEachConsumerNameWithItsOwnClaim() {
        List<String> applied = new ArrayList<>();
        EventDispatcher twoEffects = dispatchers
                .forConsumer("test.recipients")
                .on("UserRegistered", 1, UserRegistered.class, event -> applied.add("recipient " + event.data()))
                .and("test.welcomes")
                .on("UserRegistered", 1, UserRegistered.class, event -> applied.add("welcome"))
                .build();
        String data = "{\"userId\":\"" + ORDER + "\",\"name\":\"Ada\"}";
        claimed.add("test.welcomes/" + ID);

        twoEffects.dispatch(event("UserRegistered", 1, data));

        assertThat(applied)
                .as("an optional field may be absent; the welcome was claimed already")
                .containsExactly("recipient " + new UserRegistered(ORDER, "Ada", null));
        assertThat(claimed).contains("test.recipients/" + ID);
    }

    @Test
    void refusesBindingsThatCannotWorkAtStartUp() {
        assertThatThrownBy(() -> dispatchers.forConsumer("c").build()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> dispatchers
                        .forConsumer("c")
                        .on("OrderCreated", 1, OrderCreated.class, event -> {})
                        .on("OrderCreated", 1, OrderCreated.class, event -> {})
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> dispatchers
                        .forConsumer("c")
                        .on("OrderCreated", 1, OrderCreated.class, event -> {})
                        .ignoring("OrderCreated")
                        .build())
                .isInstanceOf(IllegalStateException.class);
    }

    private static String event(String type, int version, String data) {
        return """
                {"id":"%s","type":"%s","version":%d,"source":"order-service","time":"2026-11-23T09:15:30Z",
                 "subject":"o-1","traceparent":null,"unknownEnvelopeField":true,"data":%s}""".formatted(ID, type, version, data);
    }
}
