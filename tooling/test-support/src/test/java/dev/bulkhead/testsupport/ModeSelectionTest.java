package dev.bulkhead.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ModeSelectionTest {

    private static final DockerProbe NO_DOCKER = Optional::empty;
    private static final DockerProbe DOCKER = () -> Optional.of("unix:///var/run/docker.sock");

    @Test
    void choosesLocalModeWhenNoDockerEngineAnswers() {
        var decision = ModeSelection.select(Settings.of(Map.of()), NO_DOCKER);

        assertThat(decision.mode()).isEqualTo(Infrastructure.Mode.LOCAL);
        assertThat(decision.reason()).isEqualTo("no Docker engine");
    }

    @Test
    void choosesContainersWhenADockerEngineAnswers() {
        var decision = ModeSelection.select(Settings.of(Map.of()), DOCKER);

        assertThat(decision.mode()).isEqualTo(Infrastructure.Mode.CONTAINERS);
    }

    @Test
    void failsWithOneLineSayingHowToProvideDockerWhenContainersAreForcedWithoutIt() {
        var settings = Settings.of(Map.of("BULKHEAD_TEST_INFRA", "containers"));

        assertThatThrownBy(() -> ModeSelection.select(settings, NO_DOCKER))
                .isInstanceOf(InfrastructureUnavailableException.class)
                .hasMessageNotContaining("\n")
                .hasMessageContaining("BULKHEAD_TEST_INFRA=containers but no Docker engine answers")
                .hasMessageContaining("start Docker");
    }

    @Test
    void usesLocalServersWhenForcedWithoutEvenAskingDocker() {
        var settings = Settings.of(Map.of("BULKHEAD_TEST_INFRA", "LOCAL"));
        DockerProbe mustNotBeAsked = () -> {
            throw new AssertionError("Docker was probed although local mode was forced");
        };

        assertThat(ModeSelection.select(settings, mustNotBeAsked).mode()).isEqualTo(Infrastructure.Mode.LOCAL);
    }

    @Test
    void rejectsAnUnknownModeNamingTheValidOnes() {
        var settings = Settings.of(Map.of("BULKHEAD_TEST_INFRA", "kubernetes"));

        assertThatThrownBy(() -> ModeSelection.select(settings, DOCKER))
                .hasMessage("BULKHEAD_TEST_INFRA=kubernetes is not understood:"
                        + " use local, containers, or leave it unset for auto");
    }

    @Test
    void theRealProbeAnswersQuicklyOnThisMachine() {
        long start = System.nanoTime();

        DockerProbe.socketPing().answeringEngine();

        // Every candidate is bounded by the probe timeout; a missing socket costs nothing.
        assertThat(System.nanoTime() - start)
                .isLessThan(DockerProbe.TIMEOUT.multipliedBy(5).toNanos());
    }
}
