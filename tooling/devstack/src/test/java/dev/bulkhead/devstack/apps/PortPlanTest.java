package dev.bulkhead.devstack.apps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PortPlanTest {

    /** What the dev stack's infrastructure takes by default: Postgres, Redis, Kafka and its controller, the provider. */
    private static final Set<Integer> INFRASTRUCTURE = Set.of(5432, 6379, 9092, 9093, 8090);

    private static Service service(String name) {
        return Services.named(name).orElseThrow();
    }

    @Test
    void oneInstanceEachKeepsThePortsTheReadmeLists() {
        var plan = PortPlan.single();

        assertThat(plan.instances())
                .extracting(i -> i.name() + ":" + i.port())
                .containsExactly(
                        "gateway:8080",
                        "auth:8081",
                        "user:8082",
                        "order:8083",
                        "payment:8084",
                        "inventory:8085",
                        "notification:8086");
    }

    @Test
    void aFurtherInstanceListensAThousandHigherAndTheGatewayStaysOne() {
        var plan = PortPlan.of(Replicas.ONE_EACH.with("2"), INFRASTRUCTURE);

        assertThat(plan.instances()).hasSize(13);
        assertThat(plan.of(service("gateway"))).extracting(Instance::port).containsExactly(8080);
        assertThat(plan.of(service("order")))
                .extracting(i -> i.name() + ":" + i.port() + ":" + i.id())
                .containsExactly("order:8083:order-1", "order-2:9083:order-2");
        assertThat(plan.instances().subList(0, 7))
                .as("every application's first instance starts first")
                .allMatch(i -> i.ordinal() == 1);
    }

    @Test
    void anOffsetMovesEveryInstanceAndEveryUrlTheApplicationsAreTold() {
        var plan = PortPlan.of(Replicas.ONE_EACH.with("order=2"), INFRASTRUCTURE, 100);

        assertThat(plan.ports()).contains(8180, 8181, 8183, 9183, 8186).doesNotContain(8080, 8083, 9083);
        assertThat(plan.serviceUrls())
                .containsEntry("BULKHEAD_SERVICES_ORDER", "http://localhost:8183,http://localhost:9183")
                .containsEntry("BULKHEAD_SERVICES_AUTH", "http://localhost:8181");
    }

    @Test
    void countsPerServiceGiveEachItsOwnNumberOfInstances() {
        var plan = PortPlan.of(Replicas.ONE_EACH.with("order=3,payment=2"), INFRASTRUCTURE);

        assertThat(plan.of(service("order"))).extracting(Instance::port).containsExactly(8083, 9083, 10083);
        assertThat(plan.of(service("payment"))).extracting(Instance::port).containsExactly(8084, 9084);
        assertThat(plan.of(service("user"))).extracting(Instance::port).containsExactly(8082);
        assertThat(plan.services()).hasSize(7);
    }

    @Test
    void theMostReplicasNeverClashWithEachOtherOrTheInfrastructure() {
        var plan = PortPlan.of(Replicas.ONE_EACH.with(Integer.toString(Replicas.MAX)), INFRASTRUCTURE);

        assertThat(plan.instances()).hasSize(1 + 6 * Replicas.MAX);
        assertThat(plan.ports()).hasSize(plan.instances().size()).doesNotContainAnyElementsOf(INFRASTRUCTURE);
        assertThat(plan.ports().last()).isLessThan(32_768); // below Linux's ephemeral ports
    }

    @Test
    void refusesAnInstanceOnAPortTheInfrastructureWasMovedTo() {
        assertThatThrownBy(() -> PortPlan.of(Replicas.ONE_EACH.with("payment=2"), Set.of(9084)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("payment-2 would listen on 9084, which the stack's infrastructure uses");
        assertThat(PortPlan.of(Replicas.ONE_EACH, Set.of(9084)).instances()).hasSize(7);
    }

    @Test
    void tellsEveryApplicationAllInstancesOfEachDomainService() {
        var urls =
                PortPlan.of(Replicas.ONE_EACH.with("order=2"), INFRASTRUCTURE).serviceUrls();

        assertThat(urls)
                .containsOnlyKeys(
                        "BULKHEAD_SERVICES_AUTH",
                        "BULKHEAD_SERVICES_USER",
                        "BULKHEAD_SERVICES_ORDER",
                        "BULKHEAD_SERVICES_PAYMENT",
                        "BULKHEAD_SERVICES_INVENTORY",
                        "BULKHEAD_SERVICES_NOTIFICATION")
                .containsEntry("BULKHEAD_SERVICES_ORDER", "http://localhost:8083,http://localhost:9083")
                .containsEntry("BULKHEAD_SERVICES_AUTH", "http://localhost:8081");
    }

    @Test
    void eachInstanceIsToldItsPortItsIdAndWhereEveryServiceAnswers() {
        var plan = PortPlan.of(Replicas.ONE_EACH.with("2"), INFRASTRUCTURE);
        var apps = new Apps(
                new AppsConfig(
                        Path.of("/repo"),
                        Path.of("/repo/.bulkhead"),
                        Path.of("java"),
                        "1",
                        false,
                        "jdbc:postgresql://localhost:5432/",
                        Map.of("SPRING_KAFKA_BOOTSTRAP_SERVERS", "localhost:9092"),
                        Map.of("BULKHEAD_GATEWAY_CONSOLE_CONTROL_URL", "http://127.0.0.1:1234")),
                plan);
        var second = plan.of(service("inventory")).get(1);

        assertThat(apps.environment(second))
                .containsEntry("SERVER_PORT", "9085")
                .containsEntry("BULKHEAD_INSTANCE", "inventory-2")
                .containsEntry("SPRING_DATASOURCE_URL", "jdbc:postgresql://localhost:5432/inventory")
                .containsEntry("SPRING_KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
                .containsEntry("BULKHEAD_SERVICES_INVENTORY", "http://localhost:8085,http://localhost:9085")
                .doesNotContainKey("BULKHEAD_GATEWAY_CONSOLE_CONTROL_URL");
        assertThat(apps.environment(plan.of(service("gateway")).getFirst()))
                .containsEntry("BULKHEAD_INSTANCE", "gateway-1")
                .containsEntry("BULKHEAD_GATEWAY_CONSOLE_CONTROL_URL", "http://127.0.0.1:1234")
                .containsEntry("BULKHEAD_SERVICES_PAYMENT", "http://localhost:8084,http://localhost:9084");
        assertThat(apps.log(second)).isEqualTo(Path.of("/repo/.bulkhead/logs/inventory-2.log"));
        assertThat(apps.log(plan.of(service("inventory")).getFirst()))
                .isEqualTo(Path.of("/repo/.bulkhead/logs/inventory.log"));
    }
}
