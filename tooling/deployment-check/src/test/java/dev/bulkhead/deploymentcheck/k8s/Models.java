package dev.bulkhead.deploymentcheck.k8s;

import com.networknt.schema.InputFormat;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.json.JsonMapper;

/**
 * Validation of rendered objects, offline: Kubernetes kinds and Strimzi's against their Java models
 * (fabric8 8, Strimzi 1.2), with any field the model does not know reported — both models keep unknown
 * fields in {@code additionalProperties} instead of failing, so every object is walked for them; quantities
 * must parse. CloudNativePG publishes no model: its kinds are checked against the JSON Schemas in
 * {@code src/test/resources/schemas}. A kind none of these knows fails, so nothing passes unchecked.
 */
final class Models {

    private static final Map<String, Class<? extends HasMetadata>> TYPED = Map.ofEntries(
            Map.entry("v1/Namespace", Namespace.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("networking.k8s.io/v1/Ingress", Ingress.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("kafka.strimzi.io/v1/Kafka", Kafka.class),
            Map.entry("kafka.strimzi.io/v1/KafkaNodePool", KafkaNodePool.class),
            Map.entry("kafka.strimzi.io/v1/KafkaTopic", KafkaTopic.class));

    private static final Set<String> SCHEMAS =
            Set.of("postgresql.cnpg.io/v1/Cluster", "postgresql.cnpg.io/v1/Database");
    private static final String SCHEMA_BASE = "https://bulkhead.dev/schemas/";

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12, builder -> builder.schemas(Models::schema));

    private Models() {}

    /** What is wrong with one rendered object; empty when it is valid. */
    static List<String> problems(Map<String, Object> object) {
        String key = object.get("apiVersion") + "/" + object.get("kind");
        String where = key + " " + Kustomize.Rendered.name(object);
        var problems = new ArrayList<String>();
        if (TYPED.containsKey(key)) {
            Class<? extends HasMetadata> type = TYPED.get(key);
            HasMetadata model;
            try {
                model = SERIALIZATION.convertValue(object, type);
            } catch (RuntimeException e) {
                return List.of(where + ": does not fit " + type.getSimpleName() + ": " + e.getMessage());
            }
            if (!key.startsWith(HasMetadata.getApiVersion(type) + "/")) {
                problems.add(where + ": the model " + type.getName() + " is " + HasMetadata.getApiVersion(type));
            }
            walk(model, where, problems, new IdentityHashMap<>());
        } else if (SCHEMAS.contains(key)) {
            var schema = REGISTRY.getSchema(SchemaLocation.of(SCHEMA_BASE + key + ".json"));
            var errors = schema.validate(JSON.writeValueAsString(object), InputFormat.JSON);
            errors.forEach(error -> problems.add(where + ": " + error));
        } else {
            problems.add(where + ": no model or schema to check this kind against; add one to Models");
        }
        return problems;
    }

    /** Calls every getter of model objects, reporting non-empty additionalProperties and unparsable quantities. */
    private static void walk(Object node, String path, List<String> problems, IdentityHashMap<Object, Boolean> seen) {
        if (node == null || seen.put(node, Boolean.TRUE) != null) {
            return;
        }
        if (node instanceof Collection<?> collection) {
            int i = 0;
            for (Object item : collection) walk(item, path + "[" + i++ + "]", problems, seen);
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(v, path + "." + k, problems, seen));
            return;
        }
        String pkg = node.getClass().getPackageName();
        if (!pkg.startsWith("io.fabric8.kubernetes.api.model") && !pkg.startsWith("io.strimzi.api")) {
            return;
        }
        if (node instanceof Quantity quantity) {
            try {
                quantity.getNumericalAmount();
            } catch (RuntimeException e) {
                problems.add(path + ": not a quantity: " + quantity);
            }
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0
                    || Modifier.isStatic(getter.getModifiers())
                    || getter.getDeclaringClass() == Object.class) continue;
            String name = getter.getName();
            if (!name.startsWith("get") || name.equals("getClass")) continue;
            Object value;
            try {
                value = getter.invoke(node);
            } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
                continue;
            }
            if (name.equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    problems.add(path + ": unknown field(s) " + extra.keySet());
                }
                continue;
            }
            String field = Character.toLowerCase(name.charAt(3)) + name.substring(4);
            walk(value, path + "." + field, problems, seen);
        }
    }

    private static String schema(String iri) {
        if (!iri.startsWith(SCHEMA_BASE)) return null;
        String resource = "/schemas/" + iri.substring(SCHEMA_BASE.length()).replace("/v1/", "/");
        try (InputStream in = Models.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("No schema resource " + resource);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
