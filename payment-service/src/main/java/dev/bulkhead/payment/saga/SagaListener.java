package dev.bulkhead.payment.saga;

import dev.bulkhead.payment.payment.Joining;
import dev.bulkhead.payment.payment.Money;
import dev.bulkhead.payment.payment.OrderCancelled;
import dev.bulkhead.payment.payment.OrderCreated;
import dev.bulkhead.resilience.consumer.EventFields;
import dev.bulkhead.resilience.consumer.IncomingEvent;
import dev.bulkhead.resilience.consumer.MalformedEvent;
import dev.bulkhead.resilience.consumer.ProcessedEvents;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Feeds the payment join from two topics: OrderCreated and OrderCancelled from order-events,
 * StockReserved from inventory-events. Each event's id is claimed in the transaction that applies it,
 * so a redelivery changes nothing. Nothing here waits for the provider: a charge is only requested,
 * and made on another thread once this transaction has committed, so a slow provider never holds up
 * the partition (other orders' events keep flowing) nor a database connection.
 */
@Component
class SagaListener {

    static final String CONSUMER = "payment-service.payments";
    private static final Logger log = LoggerFactory.getLogger(SagaListener.class);

    private final Joining joining;
    private final ProcessedEvents processed;
    private final JsonMapper json;

    SagaListener(Joining joining, ProcessedEvents processed, JsonMapper json) {
        this.joining = joining;
        this.processed = processed;
        this.json = json;
    }

    @KafkaListener(topics = "order-events")
    @Transactional
    void onOrderEvent(ConsumerRecord<String, String> record) {
        IncomingEvent event = IncomingEvent.read(json, record.value());
        if (event.is("OrderCreated")) {
            EventFields data = event.data();
            var created = new OrderCreated(
                    data.uuid("orderId"), data.uuid("userId"), money(data, "total"), data.text("paymentToken"));
            if (claim(event)) {
                joining.orderCreated(created);
            }
        } else if (event.is("OrderCancelled")) {
            EventFields data = event.data();
            var cancelled = new OrderCancelled(
                    data.uuid("orderId"), data.uuid("userId"), money(data, "total"), data.text("reason"));
            if (claim(event)) {
                joining.orderCancelled(cancelled);
            }
        }
        // OrderConfirmed and whatever else the topic carries: not payment's business.
    }

    @KafkaListener(topics = "inventory-events")
    @Transactional
    void onInventoryEvent(ConsumerRecord<String, String> record) {
        IncomingEvent event = IncomingEvent.read(json, record.value());
        if (!event.is("StockReserved")) {
            return; // StockRejected, StockReleased: the order's cancellation is what payment acts on
        }
        var orderId = event.data().uuid("orderId");
        if (claim(event)) {
            joining.stockReserved(orderId);
        }
    }

    private boolean claim(IncomingEvent event) {
        if (processed.claim(CONSUMER, event.id())) {
            return true;
        }
        log.debug("{} {} was applied already", event.type(), event.id());
        return false;
    }

    private static Money money(EventFields data, String field) {
        EventFields money = data.object(field);
        try {
            return new Money(money.number("amountMinor"), money.text("currency"));
        } catch (IllegalArgumentException e) {
            throw new MalformedEvent(field + ": " + e.getMessage(), e);
        }
    }
}
