package dev.bulkhead.devstack.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.devstack.apps.Instance;
import dev.bulkhead.devstack.apps.Services;
import dev.bulkhead.devstack.infra.Component;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ControlServerTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<Instance, Process> instances = new LinkedHashMap<>();
    private ControlServer control;
    private Process inventory;

    @BeforeEach
    void startAnInstanceAndTheEndpoint() throws Exception {
        inventory = new ProcessBuilder("sleep", "60").start();
        instances.put(
                Instance.first(Services.named("gateway").orElseThrow()), new ProcessBuilder("sleep", "60").start());
        instances.put(Instance.first(Services.named("inventory").orElseThrow()), inventory);
        control = ControlServer.bind(0);
        control.serve(new BreakIt(
                () -> instances,
                instance -> instances.put(instance, new ProcessBuilder("sleep", "60").start()),
                Optional.of(new LocalRedis()),
                URI.create("http://127.0.0.1:1")));
    }

    @AfterEach
    void stopEverything() {
        control.close();
        instances.values().forEach(Process::destroyForcibly);
        inventory.destroyForcibly();
    }

    @Test
    void refusesARequestWithoutTheSecret() throws Exception {
        var answer = http.send(
                HttpRequest.newBuilder(control.url().resolve("/v1/targets")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(401);
    }

    @Test
    void freezesAnInstanceAndUnfreezesIt() throws Exception {
        var frozen = post("/v1/targets/inventory/freeze");

        assertThat(frozen.statusCode()).as(frozen.body()).isEqualTo(200);
        assertThat(frozen.body()).contains("\"state\":\"frozen\"", "\"actions\":[\"unfreeze\",\"kill\"]");
        assertThat(processState(inventory)).isEqualTo('T');

        assertThat(post("/v1/targets/inventory/unfreeze").body()).contains("\"state\":\"running\"");
        assertThat(processState(inventory)).isNotEqualTo('T');
    }

    @Test
    void killsAnInstanceAndStartsItAgain() throws Exception {
        assertThat(post("/v1/targets/inventory/kill").body()).contains("\"state\":\"killed\"");
        inventory.onExit().join();

        assertThat(post("/v1/targets/inventory/restart").body()).contains("\"state\":\"running\"");
        assertThat(instances.values()).allMatch(Process::isAlive);
    }

    @Test
    void refusesAnUndoOfWhatWasNotDoneAndAnUnknownTarget() throws Exception {
        assertThat(post("/v1/targets/inventory/unfreeze").statusCode()).isEqualTo(409);
        assertThat(post("/v1/targets/nothing/freeze").statusCode()).isEqualTo(404);
    }

    @Test
    void offersNothingForTheConsolesOwnGatewayNorForARedisItDidNotStart() throws Exception {
        var targets = get("/v1/targets").body();

        assertThat(targets)
                .contains("{\"name\":\"gateway\",\"kind\":\"instance\",\"state\":\"running\",\"actions\":[],"
                        + "\"reason\":\"serves this console\"}")
                .contains("\"name\":\"redis\",\"kind\":\"redis\",\"state\":\"unavailable\"")
                .contains("the machine's own server is left alone")
                .contains("\"name\":\"payment-provider\",\"kind\":\"payment-provider\",\"state\":\"normal\"");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(control.url().resolve(path))
                        .header(ControlServer.SECRET_HEADER, secret())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(control.url().resolve(path))
                        .header(ControlServer.SECRET_HEADER, secret())
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String secret() {
        return control.gatewayEnvironment().get("BULKHEAD_GATEWAY_CONSOLE_CONTROL_SECRET");
    }

    /** The third field of /proc/<pid>/stat: R, S, T (stopped) ... */
    private static char processState(Process process) throws Exception {
        String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
        return stat.substring(stat.lastIndexOf(')') + 2).charAt(0);
    }

    /** A Redis the launcher found running: not its to stop. */
    private record LocalRedis() implements Component {
        public String name() {
            return "redis";
        }

        public int port() {
            return 6379;
        }

        public String origin() {
            return "local server";
        }

        public Optional<ProcessHandle> process() {
            return Optional.empty();
        }

        public void stop() {}
    }
}
