package dev.bulkhead.devstack.jdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** .mvn/select-jdk.sh, which ./mvnw, ./bulkhead and .ci/run source, as a user's shell runs it. */
class SelectJdkTest {

    private static final Path SCRIPT = repositoryRoot().resolve(".mvn/select-jdk.sh");
    private static final int RUNNING = Runtime.version().feature();

    @TempDir
    Path temp;

    @Test
    void keepsAJavaHomeThatIsNewEnough() throws Exception {
        String home = System.getProperty("java.home");

        var result = select(Map.of("JAVA_HOME", home, "BULKHEAD_MIN_JAVA", String.valueOf(RUNNING)));

        assertThat(result.exit()).isZero();
        assertThat(result.stdout().strip()).isEqualTo(home);
    }

    @Test
    void looksFurtherWhenJavaHomeIsTooOld() throws Exception {
        Path old = fakeJdk("17");

        // The JDK running this test is on PATH, as it would be on a developer's machine.
        String path = Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH");

        var result =
                select(Map.of("JAVA_HOME", old.toString(), "PATH", path, "BULKHEAD_MIN_JAVA", String.valueOf(RUNNING)));

        assertThat(result.exit()).isZero();
        assertThat(result.stdout().strip()).isNotEqualTo(old.toString()).isNotEmpty();
    }

    @Test
    void failsWithOneLineSayingWhatToInstallWhenNoJdkIsNewEnough() throws Exception {
        var result = select(Map.of("JAVA_HOME", fakeJdk("17").toString(), "BULKHEAD_MIN_JAVA", "999"));

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.stderr().strip().lines()).hasSize(1);
        assertThat(result.stderr())
                .startsWith("bulkhead: needs a JDK 999 or newer")
                .contains("17(")
                .contains("install one");
    }

    private record Result(int exit, String stdout, String stderr) {}

    /** Sources the script the way mvnw does (POSIX sh, set -euf) and prints the chosen JAVA_HOME. */
    private Result select(Map<String, String> environment) throws IOException, InterruptedException {
        var process = new ProcessBuilder("sh", "-c", "set -euf; . \"$0\"; echo \"$JAVA_HOME\"", SCRIPT.toString());
        process.environment().remove("JAVA_HOME");
        process.environment().putAll(environment);
        Process running = process.start();
        String out = new String(running.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(running.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(running.waitFor(), out, err);
    }

    /** A directory that looks like a JDK of the given release to the script. */
    private Path fakeJdk(String release) throws IOException {
        Path bin = Files.createDirectories(temp.resolve("jdk-" + release).resolve("bin"));
        String java = "#!/bin/sh\necho '    java.specification.version = " + release + "' >&2\n";
        for (String tool : new String[] {"java", "javac"}) {
            Path file = Files.writeString(bin.resolve(tool), java);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return bin.getParent();
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve(".mvn/select-jdk.sh"))) {
            dir = dir.getParent();
        }
        if (dir == null) throw new IllegalStateException("run from inside the Bulkhead repository");
        return dir;
    }
}
