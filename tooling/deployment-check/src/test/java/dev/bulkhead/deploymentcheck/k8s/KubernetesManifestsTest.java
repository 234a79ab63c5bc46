package dev.bulkhead.deploymentcheck.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.deploymentcheck.project.Address;
import dev.bulkhead.deploymentcheck.project.Addresses;
import dev.bulkhead.deploymentcheck.project.Application;
import dev.bulkhead.deploymentcheck.project.Applications;
import dev.bulkhead.deploymentcheck.project.BoundProperties;
import dev.bulkhead.deploymentcheck.project.Configuration;
import dev.bulkhead.deploymentcheck.project.Repository;
import dev.bulkhead.deploymentcheck.project.SourceScan;
import dev.bulkhead.deploymentcheck.project.Yaml;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every overlay renders, validates, and runs each application the way the application needs to run. */
class KubernetesManifestsTest {

    /** A tag that names one build: not latest, not absent. Our own images may carry `local` (built by compose). */
    private static final Pattern IMAGE_TAG = Pattern.compile("^[^@]+:(?!latest$)[^:/@]+$");

    static List<String> overlays() {
        return Kustomize.overlays();
    }

    @Test
    void hasADevAndAProdOverlayAndACanaryExample() {
        assertThat(overlays()).contains("dev", "prod", "canary");
    }

    @ParameterizedTest(name = "overlays/{0}")
    @MethodSource("overlays")
    void rendersWithKubectlKustomize(String overlay) {
        var rendered = Kustomize.render(overlay);
        assertThat(rendered.objects()).as("objects rendered from %s", rendered).isNotEmpty();
        for (var object : rendered.objects()) {
            assertThat(Yaml.at(object, "metadata", "name"))
                    .as("a name for every object")
                    .isNotNull();
        }
    }

    @ParameterizedTest(name = "overlays/{0}")
    @MethodSource("overlays")
    void everyObjectValidatesAgainstTheKubernetesOrOperatorModelWithNoUnknownField(String overlay) {
        var problems = new ArrayList<String>();
        Kustomize.render(overlay).objects().forEach(object -> problems.addAll(Models.problems(object)));
        assertThat(problems).as("invalid objects in overlays/%s", overlay).isEmpty();
    }

    @ParameterizedTest(name = "overlays/{0}")
    @MethodSource("overlays")
    void everyApplicationRunsOnItsPortWithProbesOnItsHealthGroups(String overlay) {
        var cluster = Cluster.of(overlay);
        for (Application application : Applications.all()) {
            var deployment = cluster.deployment(application);
            var container = cluster.container(deployment);
            assertThat(container.getPorts())
                    .as("%s container ports", application)
                    .singleElement()
                    .satisfies(port -> {
                        assertThat(port.getContainerPort())
                                .as("%s containerPort = server.port", application)
                                .isEqualTo(application.port());
                        assertThat(port.getName()).isEqualTo("http");
                    });
            assertProbe(application, container.getStartupProbe(), "startup", "/actuator/health/liveness");
            assertProbe(application, container.getLivenessProbe(), "liveness", "/actuator/health/liveness");
            assertProbe(application, container.getReadinessProbe(), "readiness", "/actuator/health/readiness");
            var service = cluster.find("Service", application.module(), io.fabric8.kubernetes.api.model.Service.class)
                    .orElseThrow(() -> new AssertionError("no Service " + application.module()));
            assertThat(Cluster.matches(
                            service.getSpec().getSelector(),
                            deployment.getSpec().getTemplate().getMetadata().getLabels()))
                    .as("Service %s selects its pods", application)
                    .isTrue();
            assertThat(service.getSpec().getPorts()).singleElement().satisfies(port -> {
                assertThat(port.getPort()).as("Service %s port", application).isEqualTo(application.port());
                assertThat(port.getTargetPort().getStrVal()).isEqualTo("http");
            });
            var lifecycle = container.getLifecycle();
            assertThat(lifecycle != null && lifecycle.getPreStop() != null)
                    .as("%s has a preStop delay, so endpoints drain before the JVM stops", application)
                    .isTrue();
            assertThat(deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
                    .as("%s terminationGracePeriodSeconds covers preStop + graceful shutdown (20 s)", application)
                    .isGreaterThanOrEqualTo(35L);
        }
    }

    @ParameterizedTest(name = "overlays/{0}")
    @MethodSource("overlays")
    void everyWorkloadHasProbesResourcesAndRunsUnprivilegedOnAReadOnlyRoot(String overlay) {
        var cluster = Cluster.of(overlay);
        var problems = new ArrayList<String>();
        for (Deployment deployment : cluster.deployments()) {
            String name = deployment.getMetadata().getName();
            var pod = deployment.getSpec().getTemplate();
            if (!Cluster.matches(
                    deployment.getSpec().getSelector().getMatchLabels(),
                    pod.getMetadata().getLabels())) {
                problems.add(name + ": the selector does not match the pod template's labels");
            }
            if (!"bulkhead".equals(pod.getMetadata().getLabels().get("app.kubernetes.io/part-of"))) {
                problems.add(name
                        + ": pods lack app.kubernetes.io/part-of=bulkhead (the default-deny policy selects by it)");
            }
            var podSecurity = pod.getSpec().getSecurityContext();
            if (podSecurity == null
                    || !Boolean.TRUE.equals(podSecurity.getRunAsNonRoot())
                    || podSecurity.getRunAsUser() == null
                    || podSecurity.getRunAsUser() == 0
                    || podSecurity.getSeccompProfile() == null
                    || !"RuntimeDefault".equals(podSecurity.getSeccompProfile().getType())) {
                problems.add(name
                        + ": pod securityContext needs runAsNonRoot, a non-zero runAsUser and seccomp RuntimeDefault");
            }
            if (!Boolean.FALSE.equals(pod.getSpec().getAutomountServiceAccountToken())) {
                problems.add(name + ": automountServiceAccountToken must be false (nothing here calls the API server)");
            }
            for (Container container : pod.getSpec().getContainers()) {
                String where = name + "/" + container.getName();
                if (container.getStartupProbe() == null
                        || container.getLivenessProbe() == null
                        || container.getReadinessProbe() == null) {
                    problems.add(where + ": needs startup, liveness and readiness probes");
                }
                var resources = container.getResources();
                if (resources == null
                        || resources.getRequests() == null
                        || resources.getLimits() == null
                        || !resources.getRequests().containsKey("cpu")
                        || !resources.getRequests().containsKey("memory")
                        || !resources.getLimits().containsKey("memory")) {
                    problems.add(where + ": needs cpu and memory requests and a memory limit");
                } else if (!resources
                        .getRequests()
                        .get("memory")
                        .equals(resources.getLimits().get("memory"))) {
                    problems.add(where + ": memory request and limit differ (a JVM sized from the limit must get it)");
                }
                var security = container.getSecurityContext();
                if (security == null
                        || !Boolean.FALSE.equals(security.getAllowPrivilegeEscalation())
                        || !Boolean.TRUE.equals(security.getReadOnlyRootFilesystem())
                        || security.getCapabilities() == null
                        || !security.getCapabilities().getDrop().contains("ALL")) {
                    problems.add(where + ": container securityContext needs allowPrivilegeEscalation=false,"
                            + " readOnlyRootFilesystem=true and capabilities.drop=[ALL]");
                }
                if (!IMAGE_TAG.matcher(container.getImage()).matches()) {
                    problems.add(where + ": image " + container.getImage() + " is not pinned to a version");
                }
            }
            String account = pod.getSpec().getServiceAccountName();
            if (account == null
                    || cluster.find("ServiceAccount", account, ServiceAccount.class)
                            .isEmpty()) {
                problems.add(name + ": runs as ServiceAccount " + account + ", which the overlay does not define");
            }
        }
        assertThat(problems).as("workloads in overlays/%s", overlay).isEmpty();
    }

    @ParameterizedTest(name = "overlays/{0}")
    @MethodSource("overlays")
    void everyWorkloadWithMoreThanOneReplicaHasADisruptionBudget(String overlay) {
        var cluster = Cluster.of(overlay);
        var budgets = cluster.all("PodDisruptionBudget", PodDisruptionBudget.class);
        for (Deployment deployment : cluster.deployments()) {
            if (cluster.minimumReplicas(deployment) < 2) continue;
            var labels = deployment.getSpec().getTemplate().getMetadata().getLabels();
            assertThat(budgets)
                    .as(
                            "a PodDisruptionBudget selecting %s (%d replicas)",
                            deployment.getMetadata().getName(), cluster.minimumReplicas(deployment))
                    .anyMatch(b -> Cluster.matches(b.getSpec().getSelector().getMatchLabels(), labels));
        }
        for (var budget : budgets) {
            assertThat(cluster.deployments())
                    .as(
                            "PodDisruptionBudget %s selects some workload",
                            budget.getMetadata().getName())
                    .anyMatch(d -> Cluster.matches(
                            budget.getSpec().getSelector().getMatchLabels(),
                            d.getSpec().getTemplate().getMetadata().getLabels()));
        }
    }

    @ParameterizedTest(name = "overlays/{0}")
    @MethodSource("overlays")
    void setsOnlyPropertiesTheApplicationsBindAndPointsTheirAddressesAtServicesThatExist(String overlay) {
        var cluster = Cluster.of(overlay);
        var problems = new ArrayList<String>();
        for (Application application : Applications.all()) {
            var environment = cluster.environment(cluster.container(cluster.deployment(application)));
            var bound = BoundProperties.of(application);
            environment.keySet().stream()
                    .filter(variable -> !bound.binds(variable))
                    .forEach(variable ->
                            problems.add(application + ": " + variable + " sets nothing the application binds"));
            Configuration.of(application).resolved(environment).forEach((property, value) -> {
                var local = Pattern.compile("(?:localhost|127\\.0\\.0\\.1)(?::(\\d+))?")
                        .matcher(value);
                if (local.find()
                        && (local.group(1) == null || Integer.parseInt(local.group(1)) != application.port())) {
                    problems.add(application + ": " + property + " still points at " + value);
                }
            });
            for (Address address : Addresses.of(application, environment)) {
                problems.addAll(checkTarget(cluster, address));
            }
        }
        assertThat(problems).as("configuration in overlays/%s", overlay).isEmpty();
    }

    @ParameterizedTest(name = "overlays/{0}")
    @MethodSource("overlays")
    void referencesOnlyObjectsTheOverlayDefines(String overlay) {
        var cluster = Cluster.of(overlay);
        var problems = new ArrayList<String>();
        for (Deployment deployment : cluster.deployments()) {
            String name = deployment.getMetadata().getName();
            var spec = deployment.getSpec().getTemplate().getSpec();
            for (Container container : spec.getContainers()) {
                for (var source : container.getEnvFrom()) {
                    if (source.getConfigMapRef() != null
                            && cluster.configMap(source.getConfigMapRef().getName())
                                    .isEmpty()) {
                        problems.add(name + ": envFrom ConfigMap "
                                + source.getConfigMapRef().getName() + " is not defined");
                    }
                }
                for (var variable : container.getEnv()) {
                    var from = variable.getValueFrom();
                    if (from == null) continue;
                    if (from.getSecretKeyRef() != null) {
                        var ref = from.getSecretKeyRef();
                        var secret = cluster.secret(ref.getName());
                        if (secret.isEmpty() && !Boolean.TRUE.equals(ref.getOptional())) {
                            problems.add(name + ": " + variable.getName() + " reads Secret " + ref.getName()
                                    + ", which is not defined");
                        } else if (secret.isPresent() && !secret.get().containsKey(ref.getKey())) {
                            problems.add(name + ": " + variable.getName() + " reads key " + ref.getKey()
                                    + " that Secret " + ref.getName() + " lacks");
                        }
                    }
                    if (from.getConfigMapKeyRef() != null) {
                        var ref = from.getConfigMapKeyRef();
                        var map = cluster.configMap(ref.getName());
                        if (map.isEmpty() || !map.get().containsKey(ref.getKey())) {
                            problems.add(name + ": " + variable.getName() + " reads ConfigMap " + ref.getName() + "/"
                                    + ref.getKey() + ", which is not defined");
                        }
                    }
                }
            }
            for (var volume : spec.getVolumes()) {
                if (volume.getConfigMap() != null
                        && cluster.configMap(volume.getConfigMap().getName()).isEmpty()) {
                    problems.add(
                            name + ": volume ConfigMap " + volume.getConfigMap().getName() + " is not defined");
                }
            }
        }
        for (var autoscaler : cluster.all("HorizontalPodAutoscaler", HorizontalPodAutoscaler.class)) {
            String target = autoscaler.getSpec().getScaleTargetRef().getName();
            if (cluster.find("Deployment", target, Deployment.class).isEmpty()) {
                problems.add("HorizontalPodAutoscaler "
                        + autoscaler.getMetadata().getName() + " scales " + target + ", which is not defined");
            }
        }
        for (var ingress : cluster.all("Ingress", Ingress.class)) {
            for (var rule : ingress.getSpec().getRules()) {
                for (var path : rule.getHttp().getPaths()) {
                    var backend = path.getBackend().getService();
                    var service =
                            cluster.find("Service", backend.getName(), io.fabric8.kubernetes.api.model.Service.class);
                    if (service.isEmpty()
                            || service.get().getSpec().getPorts().stream()
                                    .noneMatch(p -> p.getName()
                                                    .equals(backend.getPort().getName())
                                            || p.getPort()
                                                    .equals(backend.getPort().getNumber()))) {
                        problems.add("Ingress " + ingress.getMetadata().getName() + " routes to " + backend.getName()
                                + ":" + backend.getPort() + ", which is not defined");
                    }
                }
            }
        }
        var kafkaNames = cluster.all("Kafka", Kafka.class).stream()
                .map(k -> k.getMetadata().getName())
                .toList();
        for (var pool : cluster.all("KafkaNodePool", KafkaNodePool.class)) {
            if (!kafkaNames.contains(pool.getMetadata().getLabels().get("strimzi.io/cluster"))) {
                problems.add("KafkaNodePool " + pool.getMetadata().getName() + " belongs to no Kafka of this overlay");
            }
        }
        for (var topic : cluster.all("KafkaTopic", KafkaTopic.class)) {
            if (!kafkaNames.contains(topic.getMetadata().getLabels().get("strimzi.io/cluster"))) {
                problems.add("KafkaTopic " + topic.getMetadata().getName() + " belongs to no Kafka of this overlay");
            }
        }
        var postgres = cluster.rendered().ofKind("Cluster");
        var clusterNames = postgres.stream().map(Kustomize.Rendered::name).toList();
        for (var database : cluster.rendered().ofKind("Database")) {
            Object owner = Yaml.at(database, "spec", "cluster", "name");
            if (!clusterNames.contains(String.valueOf(owner))) {
                problems.add("Database " + Kustomize.Rendered.name(database) + " is in cluster " + owner
                        + ", which is not defined");
            }
        }
        for (var pg : postgres) {
            for (Object role : Yaml.list(Yaml.at(pg, "spec", "managed", "roles"))) {
                var r = Yaml.cast(role);
                String secretName = String.valueOf(Yaml.at(r, "passwordSecret", "name"));
                var secret = cluster.rendered().find("Secret", secretName);
                if (secret.isEmpty()) {
                    problems.add("role " + r.get("name") + " reads its password from Secret " + secretName
                            + ", which is not defined");
                } else if (!"kubernetes.io/basic-auth".equals(secret.get().get("type"))
                        || !String.valueOf(r.get("name"))
                                .equals(cluster.secret(secretName).orElseThrow().get("username"))) {
                    problems.add("Secret " + secretName + " must be kubernetes.io/basic-auth with username "
                            + r.get("name") + " (CloudNativePG requires it)");
                }
            }
        }
        assertThat(problems).as("references in overlays/%s", overlay).isEmpty();
    }

    @ParameterizedTest(name = "overlays/{0}")
    @MethodSource("overlays")
    void declaresEveryTopicTheCodeUsesAndADeadLetterTopicForEveryTopicItReads(String overlay) {
        var cluster = Cluster.of(overlay);
        var declared = new TreeSet<String>();
        for (var topic : cluster.all("KafkaTopic", KafkaTopic.class)) {
            String name = topic.getSpec().getTopicName() != null
                    ? topic.getSpec().getTopicName()
                    : topic.getMetadata().getName();
            declared.add(name);
        }
        var expected = new TreeSet<String>();
        for (Application application : Applications.all()) {
            expected.addAll(SourceScan.topics(application));
            SourceScan.consumedTopics(application).forEach(t -> expected.add(t + ".DLT"));
        }
        assertThat(expected).as("topics the code uses").isNotEmpty();
        assertThat(declared).as("KafkaTopics in overlays/%s", overlay).isEqualTo(expected);
        var kafka = cluster.all("Kafka", Kafka.class);
        assertThat(kafka)
                .singleElement()
                .satisfies(k -> assertThat(k.getSpec().getKafka().getConfig())
                        .as("no topic appears by accident")
                        .containsEntry("auto.create.topics.enable", false));
    }

    @ParameterizedTest(name = "overlays/{0}")
    @MethodSource("overlays")
    void givesEveryServiceItsOwnDatabaseAndRole(String overlay) {
        var cluster = Cluster.of(overlay);
        var databases = new LinkedHashMap<String, String>();
        cluster.rendered()
                .ofKind("Database")
                .forEach(d -> databases.put(
                        String.valueOf(Yaml.at(d, "spec", "name")), String.valueOf(Yaml.at(d, "spec", "owner"))));
        var roles = new TreeSet<String>();
        cluster.rendered()
                .ofKind("Cluster")
                .forEach(pg -> Yaml.list(Yaml.at(pg, "spec", "managed", "roles"))
                        .forEach(
                                role -> roles.add(String.valueOf(Yaml.cast(role).get("name")))));
        var expected = new TreeSet<String>();
        for (Application application : Applications.all()) {
            if (application.database().isEmpty()) continue;
            String database = application.database().get();
            expected.add(database);
            var environment = cluster.environment(cluster.container(cluster.deployment(application)));
            assertThat(environment.get("SPRING_DATASOURCE_URL"))
                    .as("%s JDBC URL", application)
                    .endsWith("/" + database);
            String user = environment.get("SPRING_DATASOURCE_USERNAME");
            assertThat(databases)
                    .as("%s's database is owned by the role it logs in as", application)
                    .containsEntry(database, user);
            assertThat(roles).as("a managed role for %s", application).contains(user);
        }
        assertThat(databases.keySet()).as("databases of overlays/%s", overlay).isEqualTo(expected);
        assertThat(new TreeSet<>(databases.values()))
                .as("one owner per database")
                .hasSameSizeAs(databases.keySet());
    }

    @Test
    void theCanaryRunsTheStablePodSpecButForItsImageAndTrack() {
        var cluster = Cluster.of("canary");
        var stable =
                cluster.find("Deployment", "order-service", Deployment.class).orElseThrow();
        var canary = cluster.deployments().stream()
                .filter(d -> "canary"
                        .equals(d.getSpec()
                                .getTemplate()
                                .getMetadata()
                                .getLabels()
                                .get("track")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no Deployment with track=canary in overlays/canary"));
        assertThat(canary.getSpec().getTemplate().getMetadata().getLabels())
                .as("the canary's pods are order-service pods for its Service and policies")
                .containsEntry("app.kubernetes.io/name", "order-service");
        assertThat(stable.getSpec().getSelector().getMatchLabels()).containsEntry("track", "stable");
        assertThat(canary.getSpec().getSelector().getMatchLabels()).containsEntry("track", "canary");
        assertThat(cluster.container(canary).getImage())
                .as("the canary runs another version")
                .isNotEqualTo(cluster.container(stable).getImage());
        var stableSpec = normalised(stable, cluster);
        var canarySpec = normalised(canary, cluster);
        assertThat(canarySpec)
                .as("canary pod template = stable pod template, image and track aside")
                .isEqualTo(stableSpec);
        assertThat(cluster.minimumReplicas(canary)).as("canary replicas").isLessThan(cluster.minimumReplicas(stable));
    }

    /** The overlays meant for a real cluster: prod, and the canary built on it. */
    static List<String> productionOverlays() {
        return List.of("prod", "canary");
    }

    @ParameterizedTest(name = "overlays/{0}")
    @MethodSource("productionOverlays")
    void productionAutoscalesAndBudgetsEveryApplicationFromTwoReplicasUp(String overlay) {
        var cluster = Cluster.of(overlay);
        var autoscalers = cluster.all("HorizontalPodAutoscaler", HorizontalPodAutoscaler.class);
        var budgets = cluster.all("PodDisruptionBudget", PodDisruptionBudget.class);
        var problems = new ArrayList<String>();
        for (Deployment deployment : cluster.deployments()) {
            // A canary is one pod on purpose, sized by hand; the stable Deployment's budget selects it too.
            if (cluster.application(deployment).isEmpty() || isCanary(deployment)) continue;
            String name = deployment.getMetadata().getName();
            var autoscaler = autoscalers.stream()
                    .filter(h -> h.getSpec().getScaleTargetRef().getName().equals(name))
                    .findFirst();
            if (autoscaler.isEmpty()) {
                problems.add(name + ": no HorizontalPodAutoscaler");
            } else if (autoscaler.get().getSpec().getMinReplicas() == null
                    || autoscaler.get().getSpec().getMinReplicas() < 2) {
                problems.add(name + ": its autoscaler's minReplicas is "
                        + autoscaler.get().getSpec().getMinReplicas() + ", below 2 (one drained node would stop it)");
            }
            if (deployment.getSpec().getReplicas() != null) {
                problems.add(name + ": sets replicas, which its autoscaler owns (each apply would reset it)");
            }
            var labels = deployment.getSpec().getTemplate().getMetadata().getLabels();
            if (budgets.stream()
                    .noneMatch(b -> Cluster.matches(b.getSpec().getSelector().getMatchLabels(), labels))) {
                problems.add(name + ": no PodDisruptionBudget selects its pods");
            }
        }
        assertThat(problems).as("applications in overlays/%s", overlay).isEmpty();
    }

    @ParameterizedTest(name = "overlays/{0}")
    @MethodSource("overlays")
    void theIngressLetsThePublicApiInAndNoActuatorOrInternalPath(String overlay) {
        var cluster = Cluster.of(overlay);
        var paths = cluster.all("Ingress", Ingress.class).stream()
                .flatMap(ingress -> ingress.getSpec().getRules().stream())
                .flatMap(rule -> rule.getHttp().getPaths().stream())
                .toList();
        java.util.function.Predicate<String> routed = request -> paths.stream().anyMatch(path -> {
            String p = path.getPath();
            return "Exact".equals(path.getPathType())
                    ? request.equals(p)
                    : p.equals("/") || request.equals(p) || request.startsWith(p.endsWith("/") ? p : p + "/");
        });
        assertThat(List.of(
                        "/api/v1/orders",
                        "/api/v1/auth/login",
                        "/.well-known/jwks.json",
                        "/swagger-ui.html",
                        "/swagger-ui/index.html",
                        "/api-docs/order",
                        "/v3/api-docs/swagger-config",
                        "/webjars/swagger-ui/index.css",
                        "/console",
                        "/console/index.html"))
                .as("what the public uses, routed in")
                .allMatch(routed);
        assertThat(List.of(
                        "/actuator/prometheus",
                        "/actuator/health",
                        "/actuator/gateway/routes",
                        "/internal/v1/revocations",
                        "/apix",
                        "/"))
                .as("what stays inside the cluster")
                .noneMatch(routed);
    }

    @ParameterizedTest(name = "overlays/{0}")
    @MethodSource("overlays")
    void everyApplicationSpreadsItsOwnReplicasOverZonesAndNodes(String overlay) {
        var cluster = Cluster.of(overlay);
        var problems = new ArrayList<String>();
        for (Deployment deployment : cluster.deployments()) {
            if (cluster.application(deployment).isEmpty()) continue;
            String name = deployment.getMetadata().getName();
            var pod = deployment.getSpec().getTemplate();
            var constraints = pod.getSpec().getTopologySpreadConstraints();
            for (String key : List.of("topology.kubernetes.io/zone", "kubernetes.io/hostname")) {
                var constraint = constraints.stream()
                        .filter(c -> key.equals(c.getTopologyKey()))
                        .findFirst();
                if (constraint.isEmpty()) {
                    problems.add(name + ": no topologySpreadConstraint over " + key);
                    continue;
                }
                var selector = constraint.get().getLabelSelector();
                if (selector == null
                        || !Cluster.matches(
                                selector.getMatchLabels(), pod.getMetadata().getLabels())
                        || !selector.getMatchLabels().containsKey("app.kubernetes.io/name")) {
                    problems.add(name + ": its spread over " + key
                            + " must select its own application's pods (by app.kubernetes.io/name), not all of"
                            + " Bulkhead's");
                }
                if (key.equals("kubernetes.io/hostname")
                        && !"ScheduleAnyway".equals(constraint.get().getWhenUnsatisfiable())) {
                    problems.add(name + ": its spread over nodes must be ScheduleAnyway (a hard one leaves surge"
                            + " and autoscaled pods Pending on a small cluster)");
                }
            }
        }
        assertThat(problems).as("spread in overlays/%s", overlay).isEmpty();
    }

    @ParameterizedTest(name = "overlays/{0}")
    @MethodSource("overlays")
    void everyTopicHasAtLeastThreePartitionsAndNoConsumerScalesPastThem(String overlay) {
        var cluster = Cluster.of(overlay);
        var partitions = new LinkedHashMap<String, Integer>();
        for (var topic : cluster.all("KafkaTopic", KafkaTopic.class)) {
            String name = topic.getSpec().getTopicName() != null
                    ? topic.getSpec().getTopicName()
                    : topic.getMetadata().getName();
            partitions.put(name, topic.getSpec().getPartitions());
        }
        assertThat(partitions)
                .as("KafkaTopics in overlays/%s with fewer than 3 partitions", overlay)
                .isNotEmpty()
                .allSatisfy((topic, count) -> assertThat(count).as(topic).isGreaterThanOrEqualTo(3));
        var problems = new ArrayList<String>();
        for (var autoscaler : cluster.all("HorizontalPodAutoscaler", HorizontalPodAutoscaler.class)) {
            var deployment = cluster.find(
                    "Deployment", autoscaler.getSpec().getScaleTargetRef().getName(), Deployment.class);
            var application = deployment.flatMap(cluster::application);
            if (application.isEmpty()) continue;
            for (String topic : SourceScan.consumedTopics(application.get())) {
                Integer count = partitions.get(topic);
                if (count != null && autoscaler.getSpec().getMaxReplicas() > count) {
                    problems.add(application.get() + " scales to "
                            + autoscaler.getSpec().getMaxReplicas()
                            + " replicas but " + topic + " has " + count
                            + " partitions: the replicas past that would get none");
                }
            }
        }
        assertThat(problems).as("consumers in overlays/%s", overlay).isEmpty();
    }

    @ParameterizedTest(name = "overlays/{0}")
    @MethodSource("overlays")
    void theGatewaySplitsItsRateLimitsWithoutRedisAmongAsManyInstancesAsItMayRun(String overlay) {
        var cluster = Cluster.of(overlay);
        var gateway = cluster.find("Deployment", "gateway", Deployment.class).orElseThrow();
        int most = cluster.all("HorizontalPodAutoscaler", HorizontalPodAutoscaler.class).stream()
                .filter(h -> h.getSpec().getScaleTargetRef().getName().equals("gateway"))
                .map(h -> h.getSpec().getMaxReplicas())
                .findFirst()
                .orElse(
                        gateway.getSpec().getReplicas() == null
                                ? 1
                                : gateway.getSpec().getReplicas());
        String instances = cluster.environment(cluster.container(gateway))
                .getOrDefault("BULKHEAD_GATEWAY_RATE_LIMIT_LOCAL_INSTANCES", "1");
        assertThat(Integer.parseInt(instances))
                .as(
                        "BULKHEAD_GATEWAY_RATE_LIMIT_LOCAL_INSTANCES of the gateway in overlays/%s = the most gateways"
                                + " it runs (else N gateways admit up to N times a limit while Redis is down)",
                        overlay)
                .isEqualTo(most);
    }

    private static boolean isCanary(Deployment deployment) {
        return "canary"
                .equals(deployment
                        .getSpec()
                        .getTemplate()
                        .getMetadata()
                        .getLabels()
                        .get("track"));
    }

    @Test
    void theDevPaymentProviderServesTheDevStacksMappings() throws IOException {
        Path original = Repository.path("tooling", "payment-provider", "mappings");
        Path copy = Kustomize.k8s().resolve("overlays/dev/payment-provider/mappings");
        var originals = contents(original);
        assertThat(originals).as("tooling/payment-provider/mappings").isNotEmpty();
        assertThat(contents(copy))
                .as(
                        "k8s/overlays/dev/payment-provider/mappings is a copy of tooling/payment-provider/mappings;"
                                + " after changing those, copy them: cp tooling/payment-provider/mappings/*.json k8s/overlays/dev/payment-provider/mappings/")
                .isEqualTo(originals);
        var dev = Cluster.of("dev");
        var simulator =
                dev.find("Deployment", "payment-provider", Deployment.class).orElseThrow();
        String mounted = simulator.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getConfigMap() != null)
                .map(v -> v.getConfigMap().getName())
                .findFirst()
                .orElseThrow(() -> new AssertionError("the simulator mounts no ConfigMap"));
        var configMap = dev.configMap(mounted).orElseThrow();
        assertThat(configMap.keySet())
                .as("every mapping is in the simulator's ConfigMap")
                .isEqualTo(originals.keySet());
    }

    private static Map<String, String> normalised(Deployment deployment, Cluster cluster) {
        var template = cluster.rendered()
                .find("Deployment", deployment.getMetadata().getName())
                .orElseThrow();
        var spec = Yaml.flatten(Yaml.cast(Yaml.at(template, "spec", "template")));
        var out = new java.util.TreeMap<String, String>();
        spec.forEach((k, v) -> {
            if (k.equals("metadata.labels.track") || k.matches("spec\\.containers\\[\\d+]\\.image")) return;
            out.put(k, String.valueOf(v));
        });
        return out;
    }

    private static Map<String, String> contents(Path dir) throws IOException {
        var contents = new java.util.TreeMap<String, String>();
        try (var files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                contents.put(file.getFileName().toString(), Files.readString(file));
            }
        }
        return contents;
    }

    private static void assertProbe(Application application, Probe probe, String kind, String path) {
        assertThat(probe).as("%s %s probe", application, kind).isNotNull();
        HTTPGetAction get = probe.getHttpGet();
        assertThat(get).as("%s %s probe is an HTTP GET", application, kind).isNotNull();
        assertThat(get.getPath()).as("%s %s probe path", application, kind).isEqualTo(path);
        boolean onAppPort = "http".equals(get.getPort().getStrVal())
                || Integer.valueOf(application.port()).equals(get.getPort().getIntVal());
        assertThat(onAppPort)
                .as("%s %s probe port is the application's", application, kind)
                .isTrue();
    }

    /** The deployed address of a derived call must be a Service (or an operator's) selecting the right pods and port. */
    private static List<String> checkTarget(Cluster cluster, Address address) {
        var problems = new ArrayList<String>();
        String where = address.from() + ": " + address.property() + "=" + address.deployed();
        var hostPort = HostPort.of(address.deployed());
        if (hostPort == null) {
            return List.of(where + ": cannot read a host from it");
        }
        switch (address.target()) {
            case Address.App app -> {
                var service = cluster.find("Service", hostPort.host(), io.fabric8.kubernetes.api.model.Service.class);
                var target = cluster.deployment(app.application());
                if (service.isEmpty()) {
                    problems.add(where + ": no Service " + hostPort.host());
                } else if (!Cluster.matches(
                        service.get().getSpec().getSelector(),
                        target.getSpec().getTemplate().getMetadata().getLabels())) {
                    problems.add(where + ": Service " + hostPort.host() + " does not select " + app.application()
                            + "'s pods");
                } else if (service.get().getSpec().getPorts().stream().noneMatch(p -> p.getPort() == hostPort.port())) {
                    problems.add(where + ": Service " + hostPort.host() + " has no port " + hostPort.port());
                }
            }
            case Address.Infrastructure infrastructure -> {
                Set<String> hosts = infrastructureHosts(cluster, infrastructure.role());
                if (!hosts.contains(hostPort.host())) {
                    problems.add(where + ": " + infrastructure.role() + " is reached at " + hosts + " in this overlay");
                }
                if (hostPort.port() != infrastructure.port() && hostPort.port() != -1) {
                    problems.add(where + ": " + infrastructure.role() + " listens on " + infrastructure.port());
                }
            }
            case Address.External external -> {
                // An external system: outside the cluster (a host name with a dot), or a simulator Service.
                if (!hostPort.host().contains(".")
                        && cluster.find("Service", hostPort.host(), io.fabric8.kubernetes.api.model.Service.class)
                                .isEmpty()) {
                    problems.add(where + ": " + external.name() + " is neither an outside host nor a Service here");
                }
            }
        }
        return problems;
    }

    /** The Service names through which a piece of infrastructure is reached in this overlay. */
    static Set<String> infrastructureHosts(Cluster cluster, String role) {
        var hosts = new TreeSet<String>();
        switch (role) {
            case "postgres" ->
                cluster.rendered().ofKind("Cluster").forEach(pg -> hosts.add(Kustomize.Rendered.name(pg) + "-rw"));
            case "kafka" ->
                cluster.all("Kafka", Kafka.class)
                        .forEach(k -> hosts.add(k.getMetadata().getName() + "-kafka-bootstrap"));
            default ->
                cluster.services().stream()
                        .filter(s -> role.equals(s.getSpec().getSelector().get("app.kubernetes.io/name")))
                        .forEach(s -> hosts.add(s.getMetadata().getName()));
        }
        return hosts;
    }

    /** Host and port of a URL, a JDBC URL or {@code host:port}; port -1 when none is written. */
    record HostPort(String host, int port) {
        static HostPort of(String value) {
            String text = value.split(",")[0].trim();
            if (text.startsWith("jdbc:")) text = text.substring(5);
            if (!text.contains("://")) text = "tcp://" + text;
            try {
                URI uri = URI.create(text);
                if (uri.getHost() == null) return null;
                int port = uri.getPort();
                if (port == -1 && "https".equals(uri.getScheme())) port = 443;
                if (port == -1 && "http".equals(uri.getScheme())) port = 80;
                return new HostPort(uri.getHost(), port);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }
}
