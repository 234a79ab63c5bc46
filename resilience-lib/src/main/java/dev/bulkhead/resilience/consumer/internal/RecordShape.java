package dev.bulkhead.resilience.consumer.internal;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.bulkhead.resilience.consumer.MalformedEvent;
import java.lang.annotation.Annotation;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * Which fields of a record's JSON must be there. Jackson would bind a missing field as {@code null} or
 * {@code 0} and let the handler find out; checking the tree first names the field instead
 * ({@code OrderCreated.data.items[0].quantity}) and keeps the event out of the handler.
 */
final class RecordShape {

    private record Component(String name, boolean required, boolean text, RecordShape nested, RecordShape elements) {}

    private final List<Component> components;

    private RecordShape(List<Component> components) {
        this.components = components;
    }

    /**
     * The shape of {@code type}: every component is required unless its type is {@code Optional} or it
     * is annotated {@code @Nullable} (any annotation of that simple name, JSpecify's included).
     *
     * @throws IllegalArgumentException when {@code type} is not a record
     */
    static RecordShape of(Class<?> type) {
        if (!type.isRecord()) {
            throw new IllegalArgumentException(type.getName() + " is not a record; events are read into records");
        }
        List<Component> components = new ArrayList<>();
        for (RecordComponent component : type.getRecordComponents()) {
            Class<?> raw = component.getType();
            boolean required = raw != Optional.class && !nullable(component);
            RecordShape nested = raw.isRecord() && raw != type ? of(raw) : null;
            RecordShape elements = null;
            if (Collection.class.isAssignableFrom(raw)
                    && component.getGenericType() instanceof ParameterizedType list
                    && list.getActualTypeArguments()[0] instanceof Class<?> element
                    && element.isRecord()
                    && element != type) {
                elements = of(element);
            }
            components.add(new Component(jsonName(component), required, raw == String.class, nested, elements));
        }
        return new RecordShape(List.copyOf(components));
    }

    /** @throws MalformedEvent naming the first required field that is missing, null or blank */
    void check(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw new MalformedEvent(path + " is not an object");
        }
        for (Component component : components) {
            JsonNode value = node.get(component.name());
            String where = path + "." + component.name();
            boolean absent = value == null || value.isNull();
            if (component.required()
                    && (absent
                            || component.text()
                                    && value.isString()
                                    && value.asString().isBlank())) {
                throw new MalformedEvent("missing " + where);
            }
            if (absent) {
                continue;
            }
            if (component.nested() != null) {
                component.nested().check(value, where);
            }
            if (component.elements() != null && value.isArray()) {
                for (int i = 0; i < value.size(); i++) {
                    component.elements().check(value.get(i), where + "[" + i + "]");
                }
            }
        }
    }

    private static boolean nullable(RecordComponent component) {
        // Type-use annotations (JSpecify) sit on the component's type, declaration ones on its accessor.
        Stream<Annotation> annotations = Stream.of(
                        component.getAnnotatedType().getAnnotations(),
                        component.getAnnotations(),
                        component.getAccessor().getAnnotations())
                .flatMap(Stream::of);
        return annotations.anyMatch(
                annotation -> annotation.annotationType().getSimpleName().equals("Nullable"));
    }

    private static String jsonName(RecordComponent component) {
        JsonProperty property = component.getAccessor().getAnnotation(JsonProperty.class);
        return property != null && !property.value().isEmpty() ? property.value() : component.getName();
    }
}
