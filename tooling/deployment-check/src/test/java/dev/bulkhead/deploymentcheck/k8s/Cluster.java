package dev.bulkhead.deploymentcheck.k8s;

import dev.bulkhead.deploymentcheck.project.Application;
import dev.bulkhead.deploymentcheck.project.Applications;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A rendered overlay as typed objects, with the lookups the tests share. */
final class Cluster {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private final Kustomize.Rendered rendered;

    Cluster(Kustomize.Rendered rendered) {
        this.rendered = rendered;
    }

    static Cluster of(String overlay) {
        return new Cluster(Kustomize.render(overlay));
    }

    Kustomize.Rendered rendered() {
        return rendered;
    }

    <T extends HasMetadata> List<T> all(String kind, Class<T> type) {
        return rendered.ofKind(kind).stream()
                .map(o -> SERIALIZATION.convertValue(o, type))
                .toList();
    }

    <T extends HasMetadata> Optional<T> find(String kind, String name, Class<T> type) {
        return rendered.find(kind, name).map(o -> SERIALIZATION.convertValue(o, type));
    }

    List<Deployment> deployments() {
        return all("Deployment", Deployment.class);
    }

    /** The Deployment of an application (its module name), which every overlay must have. */
    Deployment deployment(Application application) {
        return find("Deployment", application.module(), Deployment.class)
                .orElseThrow(() -> new AssertionError(rendered + " has no Deployment " + application.module()));
    }

    /** The application a Deployment runs, by its app.kubernetes.io/name label. */
    Optional<Application> application(Deployment deployment) {
        String name =
                deployment.getSpec().getTemplate().getMetadata().getLabels().get("app.kubernetes.io/name");
        return Applications.all().stream().filter(a -> a.module().equals(name)).findFirst();
    }

    Container container(Deployment deployment) {
        var containers = deployment.getSpec().getTemplate().getSpec().getContainers();
        if (containers.size() != 1) {
            throw new AssertionError(
                    deployment.getMetadata().getName() + " has " + containers.size() + " containers, not one");
        }
        return containers.getFirst();
    }

    /**
     * The container's environment as the kubelet builds it: envFrom ConfigMaps and Secrets first, then
     * env, with configMapKeyRef and secretKeyRef values read from the rendered objects (an optional
     * reference to a missing object is left out, as the kubelet does).
     */
    Map<String, String> environment(Container container) {
        var environment = new LinkedHashMap<String, String>();
        for (var source : container.getEnvFrom()) {
            if (source.getConfigMapRef() != null) {
                configMap(source.getConfigMapRef().getName()).ifPresent(environment::putAll);
            }
            if (source.getSecretRef() != null) {
                secret(source.getSecretRef().getName()).ifPresent(environment::putAll);
            }
        }
        for (var variable : container.getEnv()) {
            if (variable.getValueFrom() == null) {
                environment.put(variable.getName(), variable.getValue() == null ? "" : variable.getValue());
            } else if (variable.getValueFrom().getConfigMapKeyRef() != null) {
                var ref = variable.getValueFrom().getConfigMapKeyRef();
                configMap(ref.getName())
                        .map(data -> data.get(ref.getKey()))
                        .ifPresent(v -> environment.put(variable.getName(), v));
            } else if (variable.getValueFrom().getSecretKeyRef() != null) {
                var ref = variable.getValueFrom().getSecretKeyRef();
                secret(ref.getName())
                        .map(data -> data.get(ref.getKey()))
                        .ifPresent(v -> environment.put(variable.getName(), v));
            }
        }
        return environment;
    }

    Optional<Map<String, String>> configMap(String name) {
        return find("ConfigMap", name, ConfigMap.class).map(c -> c.getData() == null ? Map.of() : c.getData());
    }

    /** A Secret's decoded data, read from the rendered YAML (kustomize writes base64 {@code data}). */
    Optional<Map<String, String>> secret(String name) {
        return rendered.find("Secret", name).map(secret -> {
            var data = new LinkedHashMap<String, String>();
            Object encoded = secret.get("data");
            if (encoded instanceof Map<?, ?> map) {
                map.forEach((k, v) -> data.put(
                        String.valueOf(k),
                        new String(Base64.getMimeDecoder().decode(String.valueOf(v)), StandardCharsets.UTF_8)));
            }
            Object plain = secret.get("stringData");
            if (plain instanceof Map<?, ?> map) {
                map.forEach((k, v) -> data.put(String.valueOf(k), String.valueOf(v)));
            }
            return data;
        });
    }

    List<Service> services() {
        return all("Service", Service.class);
    }

    /** The number of replicas a Deployment runs at least: its own, or its autoscaler's minimum. */
    int minimumReplicas(Deployment deployment) {
        var autoscaler = all(
                        "HorizontalPodAutoscaler",
                        io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler.class)
                .stream()
                .filter(h -> h.getSpec().getScaleTargetRef().getKind().equals("Deployment")
                        && h.getSpec()
                                .getScaleTargetRef()
                                .getName()
                                .equals(deployment.getMetadata().getName()))
                .findFirst();
        if (autoscaler.isPresent()) {
            Integer min = autoscaler.get().getSpec().getMinReplicas();
            return min == null ? 1 : min;
        }
        Integer replicas = deployment.getSpec().getReplicas();
        return replicas == null ? 1 : replicas;
    }

    static boolean matches(Map<String, String> selector, Map<String, String> labels) {
        return selector != null
                && !selector.isEmpty()
                && labels != null
                && selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }
}
