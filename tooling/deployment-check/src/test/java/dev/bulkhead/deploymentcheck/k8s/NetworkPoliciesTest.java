package dev.bulkhead.deploymentcheck.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.deploymentcheck.project.Address;
import dev.bulkhead.deploymentcheck.project.Addresses;
import dev.bulkhead.deploymentcheck.project.Application;
import dev.bulkhead.deploymentcheck.project.Applications;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.strimzi.api.kafka.model.kafka.Kafka;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The network policies of every overlay allow exactly the calls the code makes: the call graph is
 * derived from the applications' configuration and sources ({@link Addresses}: gateway routes, Feign
 * clients, token verification, Kafka, the database, Redis, the collector, external systems), the
 * policies are evaluated for every pair of pods, and the two must be equal — a missing rule breaks a
 * call, a superfluous one lets an attacker through.
 *
 * <p>The evaluation covers what the manifests use (matchLabels selectors, namespace selectors, ipBlock,
 * numbered ports); anything else fails. Pods the operators make are modelled by the labels Strimzi and
 * CloudNativePG put on them; namespaces outside Bulkhead by {@code kubernetes.io/metadata.name}.
 * Besides the callers, every application accepts Prometheus (namespace monitoring) on its port; only the
 * gateway accepts the ingress controller (namespace ingress-nginx).
 */
class NetworkPoliciesTest {

    private static final String NAMESPACE = "bulkhead";
    private static final String MONITORING = "monitoring";
    private static final String INGRESS_CONTROLLER = "ingress-nginx";
    private static final String INTERNET = "internet";
    private static final int SMTP_SUBMISSION = 587;

    static List<String> overlays() {
        return Kustomize.overlays();
    }

    /** Somewhere traffic can come from or go to. */
    record Endpoint(String name, String namespace, Map<String, String> labels) {}

    @ParameterizedTest(name = "overlays/{0}")
    @MethodSource("overlays")
    void allowExactlyTheCallsTheCodeMakes(String overlay) {
        var cluster = Cluster.of(overlay);
        var endpoints = endpoints(cluster);
        var policies = cluster.all("NetworkPolicy", NetworkPolicy.class);
        var expectedEgress = new LinkedHashMap<String, Set<String>>();
        for (Application application : Applications.all()) {
            expectedEgress.put(application.module(), expectedEgress(cluster, endpoints, application));
        }
        var problems = new ArrayList<String>();
        for (Application application : Applications.all()) {
            var pod = endpoints.get(application.module());
            var allowed = allowed(policies, endpoints, pod, "Egress");
            var expected = expectedEgress.get(application.module());
            if (!allowed.equals(expected)) {
                problems.add(application + " may send to " + allowed + " but calls " + expected);
            }
        }
        for (Endpoint pod : endpoints.values()) {
            if (!pod.namespace().equals(NAMESPACE) || pod.name().startsWith("ns:")) continue;
            var expected = new TreeSet<String>();
            expectedEgress.forEach((caller, targets) -> targets.stream()
                    .filter(t -> t.startsWith(pod.name() + ":"))
                    .forEach(t -> expected.add(caller + ":" + t.substring(t.lastIndexOf(':') + 1))));
            var application = Applications.all().stream()
                    .filter(a -> a.module().equals(pod.name()))
                    .findFirst();
            application.ifPresent(app -> {
                expected.add("ns:" + MONITORING + ":" + app.port());
                if (app.module().equals("gateway")) expected.add("ns:" + INGRESS_CONTROLLER + ":" + app.port());
            });
            Set<String> allowed;
            if (pod.name().equals("kafka")) {
                allowed = kafkaListenerPeers(cluster, endpoints);
            } else {
                allowed = allowed(policies, endpoints, pod, "Ingress");
                if (pod.name().equals("postgres")) {
                    // The operator and the other instances reach the instances too; compare the applications only.
                    allowed.removeIf(a -> a.startsWith("postgres:") || a.startsWith("ns:cnpg-system:"));
                }
            }
            if (!allowed.equals(expected)) {
                problems.add(pod.name() + " accepts " + allowed + " but is called by " + expected);
            }
        }
        assertThat(problems)
                .as("network policies of overlays/%s against the call graph", overlay)
                .isEmpty();
    }

    @ParameterizedTest(name = "overlays/{0}")
    @MethodSource("overlays")
    void denyEverythingNotAllowedToEveryBulkheadPod(String overlay) {
        var cluster = Cluster.of(overlay);
        var policies = cluster.all("NetworkPolicy", NetworkPolicy.class);
        var defaultDeny = policies.stream()
                .filter(p -> p.getSpec().getIngress().isEmpty()
                        && p.getSpec().getEgress().isEmpty()
                        && p.getSpec().getPolicyTypes().containsAll(List.of("Ingress", "Egress")))
                .toList();
        assertThat(defaultDeny)
                .as("a default-deny policy in overlays/%s", overlay)
                .isNotEmpty();
        for (Deployment deployment : cluster.deployments()) {
            var labels = deployment.getSpec().getTemplate().getMetadata().getLabels();
            assertThat(defaultDeny)
                    .as(
                            "%s's pods are under the default deny",
                            deployment.getMetadata().getName())
                    .anyMatch(p -> selects(p.getSpec().getPodSelector(), labels));
        }
    }

    /** The endpoints of a rendered overlay: its workloads, the operators' pods, and the namespaces we talk to. */
    private static Map<String, Endpoint> endpoints(Cluster cluster) {
        var endpoints = new LinkedHashMap<String, Endpoint>();
        for (Deployment deployment : cluster.deployments()) {
            var labels = new LinkedHashMap<>(
                    deployment.getSpec().getTemplate().getMetadata().getLabels());
            labels.remove("track"); // a canary is the same endpoint as its stable Deployment
            String name = labels.get("app.kubernetes.io/name");
            endpoints.putIfAbsent(name, new Endpoint(name, NAMESPACE, labels));
        }
        for (var postgres : cluster.rendered().ofKind("Cluster")) {
            endpoints.put(
                    "postgres",
                    new Endpoint(
                            "postgres",
                            NAMESPACE,
                            Map.of(
                                    "cnpg.io/cluster",
                                    Kustomize.Rendered.name(postgres),
                                    "cnpg.io/podRole",
                                    "instance")));
        }
        for (var kafka : cluster.all("Kafka", Kafka.class)) {
            String name = kafka.getMetadata().getName();
            endpoints.put(
                    "kafka",
                    new Endpoint(
                            "kafka",
                            NAMESPACE,
                            Map.of(
                                    "strimzi.io/cluster",
                                    name,
                                    "strimzi.io/kind",
                                    "Kafka",
                                    "strimzi.io/name",
                                    name + "-kafka",
                                    "strimzi.io/broker-role",
                                    "true")));
        }
        endpoints.put("kube-dns", new Endpoint("kube-dns", "kube-system", Map.of("k8s-app", "kube-dns")));
        for (String namespace : List.of(MONITORING, INGRESS_CONTROLLER, "cnpg-system")) {
            endpoints.put("ns:" + namespace, new Endpoint("ns:" + namespace, namespace, Map.of()));
        }
        endpoints.put(INTERNET, new Endpoint(INTERNET, "", Map.of()));
        return endpoints;
    }

    private static Set<String> expectedEgress(
            Cluster cluster, Map<String, Endpoint> endpoints, Application application) {
        var expected = new TreeSet<String>();
        expected.add("kube-dns:53");
        var environment = cluster.environment(cluster.container(cluster.deployment(application)));
        for (Address address : Addresses.of(application, environment)) {
            switch (address.target()) {
                case Address.App app ->
                    expected.add(
                            app.application().module() + ":" + app.application().port());
                case Address.Infrastructure infrastructure -> {
                    var hostPort = KubernetesManifestsTest.HostPort.of(address.deployed());
                    int port = hostPort != null && hostPort.port() > 0 ? hostPort.port() : infrastructure.port();
                    expected.add(infrastructure.role() + ":" + port);
                }
                case Address.External external -> {
                    var hostPort = KubernetesManifestsTest.HostPort.of(address.deployed());
                    var service =
                            cluster.find("Service", hostPort.host(), io.fabric8.kubernetes.api.model.Service.class);
                    if (service.isPresent()) {
                        String pod = service.get().getSpec().getSelector().get("app.kubernetes.io/name");
                        expected.add(pod + ":" + hostPort.port());
                    } else {
                        expected.add(INTERNET + ":" + hostPort.port());
                    }
                }
            }
        }
        if (application.sendsMail()) {
            expected.add(INTERNET + ":" + SMTP_SUBMISSION);
        }
        return expected;
    }

    /** What the policies selecting {@code pod} allow in one direction, as "endpoint:port" ("*" = anything). */
    private static Set<String> allowed(
            List<NetworkPolicy> policies, Map<String, Endpoint> endpoints, Endpoint pod, String direction) {
        var allowed = new TreeSet<String>();
        boolean restricted = false;
        for (NetworkPolicy policy : policies) {
            if (!selects(policy.getSpec().getPodSelector(), pod.labels())
                    || !pod.namespace().equals(NAMESPACE)) continue;
            var types = policy.getSpec().getPolicyTypes();
            if (!types.contains(direction)) continue;
            restricted = true;
            if (direction.equals("Egress")) {
                for (var rule : policy.getSpec().getEgress()) add(allowed, endpoints, rule.getTo(), rule.getPorts());
            } else {
                for (var rule : policy.getSpec().getIngress()) add(allowed, endpoints, rule.getFrom(), rule.getPorts());
            }
        }
        if (!restricted) {
            allowed.add("*:*");
        }
        return allowed;
    }

    private static void add(
            Set<String> allowed,
            Map<String, Endpoint> endpoints,
            List<NetworkPolicyPeer> peers,
            List<NetworkPolicyPort> ports) {
        var portNames = new ArrayList<String>();
        if (ports.isEmpty()) {
            portNames.add("*");
        }
        for (NetworkPolicyPort port : ports) {
            if (port.getPort() == null || port.getPort().getIntVal() == null || port.getEndPort() != null) {
                throw new AssertionError("Only numbered single ports are evaluated here: " + port);
            }
            portNames.add(Integer.toString(port.getPort().getIntVal()));
        }
        var names = new TreeSet<String>();
        if (peers.isEmpty()) {
            names.add("*");
        }
        for (NetworkPolicyPeer peer : peers) {
            names.addAll(matching(peer, endpoints));
        }
        for (String name : names) {
            for (String port : portNames) {
                allowed.add(name + ":" + port);
            }
        }
    }

    private static Set<String> matching(NetworkPolicyPeer peer, Map<String, Endpoint> endpoints) {
        var names = new TreeSet<String>();
        if (peer.getIpBlock() != null) {
            if (!"0.0.0.0/0".equals(peer.getIpBlock().getCidr())) {
                throw new AssertionError(
                        "Only 0.0.0.0/0 (less private ranges) is evaluated as an ipBlock: " + peer.getIpBlock());
            }
            names.add(INTERNET);
            return names;
        }
        for (Endpoint endpoint : endpoints.values()) {
            if (endpoint.name().equals(INTERNET)) continue;
            boolean namespaceMatches = peer.getNamespaceSelector() == null
                    ? endpoint.namespace().equals(NAMESPACE)
                    : selects(peer.getNamespaceSelector(), Map.of("kubernetes.io/metadata.name", endpoint.namespace()));
            boolean podMatches = peer.getPodSelector() == null
                    ? endpoint.name().startsWith("ns:") || !endpoint.namespace().equals(NAMESPACE)
                    : selects(peer.getPodSelector(), endpoint.labels());
            if (namespaceMatches && podMatches) {
                names.add(endpoint.name());
            }
        }
        if (names.isEmpty()) {
            throw new AssertionError("A policy peer matches nothing known: " + peer);
        }
        return names;
    }

    /** Who Strimzi's listener policy admits: the plain listener's networkPolicyPeers, on its port. */
    private static Set<String> kafkaListenerPeers(Cluster cluster, Map<String, Endpoint> endpoints) {
        var allowed = new TreeSet<String>();
        for (var kafka : cluster.all("Kafka", Kafka.class)) {
            for (var listener : kafka.getSpec().getKafka().getListeners()) {
                if (listener.getNetworkPolicyPeers() == null
                        || listener.getNetworkPolicyPeers().isEmpty()) {
                    allowed.add("*:" + listener.getPort());
                    continue;
                }
                for (var peer : listener.getNetworkPolicyPeers()) {
                    matching(peer, endpoints).forEach(name -> allowed.add(name + ":" + listener.getPort()));
                }
            }
        }
        return allowed;
    }

    private static boolean selects(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) return true;
        if (selector.getMatchExpressions() != null
                && !selector.getMatchExpressions().isEmpty()) {
            throw new AssertionError("matchExpressions are not evaluated here: " + selector);
        }
        var matchLabels = selector.getMatchLabels();
        return matchLabels == null
                || matchLabels.isEmpty()
                || matchLabels.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }
}
