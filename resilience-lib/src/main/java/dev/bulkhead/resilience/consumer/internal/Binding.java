package dev.bulkhead.resilience.consumer.internal;

import dev.bulkhead.resilience.consumer.EventHandler;
import dev.bulkhead.resilience.consumer.MalformedEvent;
import dev.bulkhead.resilience.consumer.ReceivedEvent;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** One (type, version) read into one record and applied by one handler, claimed under one consumer name. */
record Binding<E extends Record>(
        String consumer, String type, int version, Class<E> data, RecordShape shape, EventHandler<E> handler) {

    static <E extends Record> Binding<E> of(
            String consumer, String type, int version, Class<E> data, EventHandler<E> handler) {
        return new Binding<>(consumer, type, version, data, RecordShape.of(data), handler);
    }

    /** Reads the body completely, before anything is claimed or applied. */
    Ready<E> read(JsonMapper json, Envelope envelope) {
        String path = type + ".data";
        shape.check(envelope.data(), path);
        E body;
        try {
            body = json.treeToValue(envelope.data(), data);
        } catch (JacksonException e) {
            throw new MalformedEvent(path + where(e) + ": " + rootMessage(e), e);
        }
        var event = new ReceivedEvent<>(
                envelope.id(),
                envelope.type(),
                envelope.version(),
                envelope.source(),
                envelope.time(),
                envelope.subject(),
                body);
        return new Ready<>(this, event);
    }

    /** An event read for this binding, waiting for its claim. */
    record Ready<E extends Record>(Binding<E> binding, ReceivedEvent<E> event) {

        void apply() {
            binding.handler().handle(event);
        }
    }

    private static String where(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append('.').append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** A record constructor's own refusal reads better than Jackson's wrapper around it. */
    private static String rootMessage(JacksonException e) {
        Throwable cause = e.getCause();
        return cause != null && cause != e && cause.getMessage() != null ? cause.getMessage() : e.getOriginalMessage();
    }
}
