package dev.bulkhead.devstack.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StalenessTest {

    private static final Instant BUILT = Instant.parse("2026-11-23T12:00:00Z");

    @TempDir
    Path root;

    private Path jar;
    private Staleness staleness;

    @BeforeEach
    void aBuiltModule() throws IOException {
        at(write("pom.xml"), BUILT.minusSeconds(60));
        at(write("resilience-lib/src/main/java/Lib.java"), BUILT.minusSeconds(60));
        at(write("order-service/pom.xml"), BUILT.minusSeconds(60));
        at(write("order-service/src/main/java/Order.java"), BUILT.minusSeconds(60));
        jar = write("order-service/target/order-service-1.0.jar");
        staleness = new Staleness(root, file -> {
            try {
                return Files.getLastModifiedTime(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        at(jar, BUILT);
    }

    @Test
    void aJarNewerThanEverySourceIsFresh() {
        assertThat(staleness.whyStale("order-service", jar)).isEmpty();
    }

    @Test
    void aMissingJarIsStale() {
        assertThat(staleness.whyStale("order-service", root.resolve("order-service/target/nope.jar")))
                .contains("no jar yet");
    }

    @Test
    void aChangedSourceOfTheModuleMakesItStale() throws IOException {
        at(root.resolve("order-service/src/main/java/Order.java"), BUILT.plusSeconds(1));

        assertThat(staleness.whyStale("order-service", jar))
                .contains("order-service/src/main/java/Order.java changed since the jar was built");
    }

    @Test
    void aChangeInWhatEveryServiceSharesMakesItStale() throws IOException {
        at(root.resolve("resilience-lib/src/main/java/Lib.java"), BUILT.plusSeconds(1));

        assertThat(staleness.whyStale("order-service", jar)).isPresent();
    }

    @Test
    void testsAndOtherModulesDoNotCount() throws IOException {
        at(write("order-service/src/test/java/OrderTest.java"), BUILT.plusSeconds(1));
        at(write("user-service/src/main/java/User.java"), BUILT.plusSeconds(1));

        assertThat(staleness.whyStale("order-service", jar)).isEmpty();
    }

    @Test
    void theChangeTimeCountsWhenTheModificationTimeIsFixedByAReproducibleBuild() throws IOException {
        at(jar, Instant.parse("2000-01-01T00:00:00Z")); // what Boot's repackage does to the jar

        assertThat(Staleness.changeTime(jar).toInstant()).isAfter(BUILT);
    }

    private Path write(String relative) throws IOException {
        var file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, relative);
        return file;
    }

    private static void at(Path file, Instant time) throws IOException {
        Files.setLastModifiedTime(file, FileTime.from(time));
    }
}
