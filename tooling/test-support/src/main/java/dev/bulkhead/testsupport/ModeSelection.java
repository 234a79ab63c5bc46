package dev.bulkhead.testsupport;

import java.util.Locale;
import java.util.Optional;

/** Chooses containers or local mode from {@code BULKHEAD_TEST_INFRA} and whether Docker answers. */
final class ModeSelection {

    record Decision(Infrastructure.Mode mode, String reason) {}

    private ModeSelection() {}

    static Decision select(Settings settings, DockerProbe docker) {
        String forced = settings.get(Settings.INFRA, "auto").toLowerCase(Locale.ROOT);
        switch (forced) {
            case "local" -> {
                return new Decision(Infrastructure.Mode.LOCAL, Settings.INFRA + "=local");
            }
            case "containers" -> {
                Optional<String> engine = docker.answeringEngine();
                if (engine.isEmpty()) {
                    throw new InfrastructureUnavailableException(Settings.INFRA
                            + "=containers but no Docker engine answers (DOCKER_HOST or /var/run/docker.sock):"
                            + " start Docker, point DOCKER_HOST at a running engine, or unset "
                            + Settings.INFRA + " to use local servers");
                }
                return new Decision(
                        Infrastructure.Mode.CONTAINERS, Settings.INFRA + "=containers, Docker at " + engine.get());
            }
            case "auto" -> {
                return docker.answeringEngine()
                        .map(engine -> new Decision(Infrastructure.Mode.CONTAINERS, "Docker at " + engine))
                        .orElseGet(() -> new Decision(Infrastructure.Mode.LOCAL, "no Docker engine"));
            }
            default ->
                throw new InfrastructureUnavailableException(Settings.INFRA + "=" + forced
                        + " is not understood: use local, containers, or leave it unset for auto");
        }
    }
}
