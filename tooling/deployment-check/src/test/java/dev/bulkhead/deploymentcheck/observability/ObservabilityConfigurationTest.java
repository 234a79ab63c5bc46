package dev.bulkhead.deploymentcheck.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.deploymentcheck.compose.Compose;
import dev.bulkhead.deploymentcheck.project.Applications;
import dev.bulkhead.deploymentcheck.project.Repository;
import dev.bulkhead.deploymentcheck.project.Yaml;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The compose observability stack is wired together: the collector listens where the applications
 * send and forwards to Jaeger, Prometheus loads its rules, Grafana loads every dashboard and each
 * dashboard uses a datasource Grafana has. (That the queries name real metrics is ObservabilityIT's job.)
 */
class ObservabilityConfigurationTest {

    private final Compose compose = Compose.load();

    @Test
    void theCollectorReceivesWhereTheApplicationsSendAndForwardsTracesToJaeger() {
        var config = Yaml.document(Repository.path("compose/otel-collector/config.yaml"));
        var collector = compose.service("otel-collector");
        assertThat(collector.bindMounts())
                .containsEntry("./compose/otel-collector/config.yaml", "/etc/otelcol-contrib/config.yaml");
        String http = String.valueOf(Yaml.at(config, "receivers", "otlp", "protocols", "http", "endpoint"));
        for (var application : Applications.all()) {
            var environment =
                    compose.serviceBuilding(application.module()).orElseThrow().environment();
            URI endpoint = URI.create(environment.get("BULKHEAD_OTLP_ENDPOINT"));
            assertThat(endpoint.getHost())
                    .as("%s sends traces to the collector", application)
                    .isEqualTo("otel-collector");
            assertThat(http)
                    .as("the collector's OTLP/HTTP receiver listens on %s's port", application)
                    .endsWith(":" + endpoint.getPort());
            assertThat(collector.expose()).contains(endpoint.getPort());
        }
        var pipeline = Yaml.cast(Yaml.at(config, "service", "pipelines", "traces"));
        assertThat(Yaml.list(pipeline.get("receivers"))).contains("otlp");
        for (Object exporter : Yaml.list(pipeline.get("exporters"))) {
            var definition = Yaml.cast(Yaml.at(config, "exporters", String.valueOf(exporter)));
            assertThat(definition).as("exporter %s is defined", exporter).isNotNull();
            String[] target = String.valueOf(definition.get("endpoint")).split(":");
            assertThat(compose.services())
                    .as("exporter %s sends to a compose service", exporter)
                    .containsKey(target[0]);
            assertThat(compose.service(target[0]).containerPorts()).contains(Integer.parseInt(target[1]));
        }
    }

    @Test
    void prometheusLoadsTheAlertRulesAndEveryRuleSaysWhatItMeans() {
        var prometheus = compose.service("prometheus");
        assertThat(prometheus.bindMounts()).containsEntry("./compose/prometheus", "/etc/prometheus");
        var config = Yaml.document(Repository.path("compose/prometheus/prometheus.yml"));
        assertThat(Yaml.list(config.get("rule_files"))).containsExactly("/etc/prometheus/rules/*.yml");
        var names = new TreeSet<String>();
        for (var file : Queries.files(Queries.rules(), ".yml")) {
            for (Map<String, Object> rule : Queries.alertRules(file)) {
                String name = String.valueOf(rule.get("alert"));
                assertThat(names.add(name)).as("alert %s is unique", name).isTrue();
                assertThat(rule.get("expr")).as("%s expr", name).isNotNull();
                assertThat(Yaml.at(rule, "labels", "severity"))
                        .as("%s severity", name)
                        .isIn("warning", "critical");
                assertThat(Yaml.at(rule, "annotations", "summary"))
                        .as("%s summary", name)
                        .isNotNull();
            }
        }
        assertThat(names)
                .as("the alerts an operator needs first: open breakers, dead letters, latency over budget")
                .contains("BulkheadCircuitBreakerOpen", "BulkheadDeadLetters", "BulkheadLatencyOverBudget");
    }

    @Test
    void grafanaLoadsEveryDashboardAndEachUsesADatasourceItHas() {
        var grafana = compose.service("grafana");
        var mounts = grafana.bindMounts();
        assertThat(mounts).containsEntry("./compose/grafana/provisioning", "/etc/grafana/provisioning");
        var providers = Yaml.document(Repository.path("compose/grafana/provisioning/dashboards/dashboards.yml"));
        String path = String.valueOf(
                Yaml.at(Yaml.cast(Yaml.list(providers.get("providers")).getFirst()), "options", "path"));
        assertThat(mounts)
                .as("the dashboards folder is mounted where the provider reads")
                .containsEntry("./compose/grafana/dashboards", path);
        var datasources = Yaml.document(Repository.path("compose/grafana/provisioning/datasources/datasources.yml"));
        var uids = new TreeSet<String>();
        for (Object item : Yaml.list(datasources.get("datasources"))) {
            var datasource = Yaml.cast(item);
            uids.add(String.valueOf(datasource.get("uid")));
            URI url = URI.create(String.valueOf(datasource.get("url")));
            assertThat(compose.services())
                    .as("datasource %s points at a compose service", datasource.get("name"))
                    .containsKey(url.getHost());
            assertThat(compose.service(url.getHost()).containerPorts()).contains(url.getPort());
        }
        var dashboardUids = new TreeSet<String>();
        for (var file : Queries.files(Queries.dashboards(), ".json")) {
            JsonNode dashboard = Queries.dashboard(file);
            assertThat(dashboardUids.add(dashboard.path("uid").asString()))
                    .as("%s uid is unique", file.getFileName())
                    .isTrue();
            var used = new ArrayList<String>();
            collectDatasourceUids(dashboard, used);
            assertThat(used)
                    .as("%s datasources", file.getFileName())
                    .isNotEmpty()
                    .allMatch(uids::contains);
            var ids = new TreeSet<Integer>();
            dashboard
                    .path("panels")
                    .forEach(panel -> assertThat(ids.add(panel.path("id").asInt()))
                            .as("%s panel ids unique", file.getFileName())
                            .isTrue());
        }
        assertThat(dashboardUids).contains("bulkhead-services", "bulkhead-resilience", "bulkhead-saga");
    }

    private static void collectDatasourceUids(JsonNode node, List<String> into) {
        if (node.isObject()) {
            JsonNode datasource = node.get("datasource");
            if (datasource != null && datasource.has("uid"))
                into.add(datasource.get("uid").asString());
            node.properties().forEach(e -> collectDatasourceUids(e.getValue(), into));
        } else if (node.isArray()) {
            node.forEach(item -> collectDatasourceUids(item, into));
        }
    }
}
