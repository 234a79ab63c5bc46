package dev.bulkhead.deploymentcheck.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.bulkhead.deploymentcheck.compose.Compose;
import dev.bulkhead.deploymentcheck.project.Application;
import dev.bulkhead.deploymentcheck.project.Applications;
import dev.bulkhead.deploymentcheck.project.Repository;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one Dockerfile builds any application it is asked for: what it copies from the build context is
 * there and not ignored, the jar its layers stage picks up is exactly the one {@code ./mvnw package}
 * makes, and the layers it copies into the runtime stage hold everything the jar's class path names.
 * Docker itself cannot run here; these tests follow the same instructions on the real files.
 */
class DockerfileTest {

    private final Dockerfile dockerfile = Dockerfile.load();

    @Test
    void buildsEveryApplicationFromOneParameterisedDockerfile() {
        assertThat(dockerfile.stages()).as("stages").containsExactly("build", "layers", "runtime");
        for (String stage : List.of("layers", "runtime")) {
            assertThat(dockerfile.instructions("ARG"))
                    .as("stage %s takes the MODULE argument", stage)
                    .anyMatch(
                            arg -> arg.stage().equals(stage) && arg.arguments().equals("MODULE"));
        }
        assertThat(dockerfile.instructions("ARG"))
                .as("the shared build stage does not depend on MODULE")
                .noneMatch(arg -> arg.stage().equals("build"));
        var build = dockerfile.instructions("RUN").stream()
                .filter(r -> r.stage().equals("build"))
                .findFirst()
                .orElseThrow();
        Matcher projects = Pattern.compile("-pl\\s+(\\S+)").matcher(build.arguments());
        assertThat(projects.find())
                .as("the build stage names the applications to package")
                .isTrue();
        var modules = new TreeSet<String>();
        Applications.all().forEach(a -> modules.add(a.module()));
        assertThat(new TreeSet<>(List.of(projects.group(1).split(","))))
                .as("modules the build stage packages")
                .isEqualTo(modules);
        assertThat(build.arguments()).contains("./mvnw").contains("package").contains("-am");
        var compose = Compose.load();
        for (Application application : Applications.all()) {
            var service = compose.serviceBuilding(application.module()).orElseThrow();
            assertThat(dev.bulkhead.deploymentcheck.project.Yaml.at(service.definition(), "build", "dockerfile"))
                    .as("%s builds with the one Dockerfile", application)
                    .isIn(null, "Dockerfile");
        }
    }

    @Test
    void copiesFromTheBuildContextOnlyWhatItHasAndDoesNotIgnore() {
        var ignore = DockerIgnore.load();
        for (var copy : dockerfile.instructions("COPY")) {
            if (copy.arguments().startsWith("--from") || copy.heredoc().isPresent()) continue;
            var parts = copy.arguments().replaceAll("--\\S+\\s+", "").trim().split("\\s+");
            for (int i = 0; i < parts.length - 1; i++) {
                String source = parts[i];
                assertThat(Files.exists(Repository.path(source)))
                        .as("COPY %s: exists in the repository", source)
                        .isTrue();
                assertThat(ignore.excludes(source))
                        .as("COPY %s: not excluded by .dockerignore", source)
                        .isFalse();
            }
        }
        for (String needed : List.of(
                "mvnw",
                ".mvn/wrapper/maven-wrapper.properties",
                ".mvn/select-jdk.sh",
                "pom.xml",
                "tooling/service-parent/pom.xml",
                "resilience-lib/src/main/java")) {
            assertThat(ignore.excludes(needed)).as("the build needs %s", needed).isFalse();
        }
        for (Application application : Applications.all()) {
            assertThat(ignore.excludes(application.module() + "/src/main/resources/application.yml"))
                    .isFalse();
            assertThat(ignore.excludes(application.module() + "/target/" + application.module() + ".jar"))
                    .as("local build output stays out of the context")
                    .isTrue();
        }
        assertThat(ignore.excludes(".env"))
                .as("secrets stay out of the context")
                .isTrue();
    }

    @Test
    void theLayersStagePicksUpExactlyTheJarMavenPackagesForEveryModule() throws IOException {
        var copy = dockerfile.instructions("COPY").stream()
                .filter(c -> c.stage().equals("layers") && c.arguments().startsWith("--from=build"))
                .findFirst()
                .orElseThrow();
        String source = copy.arguments().split("\\s+")[1];
        String workdir = ImageLayout.workdir(dockerfile, "build");
        assertThat(source).startsWith(workdir + "/");
        for (Application application : Applications.all()) {
            String relative = source.substring(workdir.length() + 1).replace("${MODULE}", application.module());
            var matcher = FileSystems.getDefault().getPathMatcher("glob:" + relative);
            var matches = new ArrayList<Path>();
            try (var files = Files.walk(application.dir().resolve("target"), 1)) {
                files.map(f -> Repository.root().relativize(f))
                        .filter(matcher::matches)
                        .forEach(matches::add);
            } catch (java.nio.file.NoSuchFileException e) {
                throw new AssertionError(
                        application.module() + "/target is missing: run ./mvnw package first (./mvnw verify does)");
            }
            assertThat(matches)
                    .as("%s matches exactly one packaged jar", relative)
                    .containsExactly(Repository.root().relativize(application.jar()));
        }
    }

    @Test
    void theRuntimeStageGetsEveryLayerAndEveryJarItsClassPathNames(@TempDir Path work) throws IOException {
        String workdir = ImageLayout.workdir(dockerfile, dockerfile.finalStage());
        var entrypoint = dockerfile.instructions("ENTRYPOINT").getLast().arguments();
        Matcher jar = Pattern.compile("-jar\\s+(\\S+)").matcher(entrypoint);
        assertThat(jar.find()).as("the ENTRYPOINT runs a jar").isTrue();
        String jarInImage = jar.group(1).replace("\\\"", "").replace("\"", "");
        assertThat(jarInImage).startsWith(workdir + "/");
        for (Application application : Applications.all()) {
            Path layout = ImageLayout.assemble(dockerfile, application, work.resolve(application.module()));
            Path applicationJar = layout.resolve(jarInImage.substring(workdir.length() + 1));
            assertThat(applicationJar)
                    .as("%s: the jar the ENTRYPOINT runs", application)
                    .isRegularFile();
            try (var file = new JarFile(applicationJar.toFile())) {
                var manifest = file.getManifest().getMainAttributes();
                assertThat(manifest.getValue("Main-Class"))
                        .as("%s main class", application)
                        .isNotBlank();
                var missing = new ArrayList<String>();
                for (String entry : manifest.getValue("Class-Path").split("\\s+")) {
                    if (!entry.isBlank()
                            && !Files.isRegularFile(applicationJar.getParent().resolve(entry))) missing.add(entry);
                }
                assertThat(missing)
                        .as("%s: Class-Path entries missing from the image layout", application)
                        .isEmpty();
            }
        }
    }

    @Test
    void runsAsAnUnprivilegedUserWithJvmFlagsSizedByTheContainerAndPinnedBaseImages() {
        String runtime = dockerfile.finalStage();
        var user = dockerfile.instructions("USER").stream()
                .filter(u -> u.stage().equals(runtime))
                .reduce((a, b) -> b)
                .orElseThrow();
        assertThat(user.arguments())
                .as("USER is a numeric uid:gid (Kubernetes' runAsNonRoot can verify it)")
                .matches("[1-9]\\d*:[1-9]\\d*");
        String javaOptions = dockerfile.environment(runtime).get("JAVA_OPTS");
        assertThat(javaOptions)
                .as("JAVA_OPTS")
                .contains("-XX:MaxRAMPercentage=")
                .contains("-XX:+ExitOnOutOfMemoryError")
                .doesNotContain("-Xmx");
        String entrypoint = dockerfile.instructions("ENTRYPOINT").getLast().arguments();
        assertThat(entrypoint)
                .as("java replaces the shell (PID 1 gets SIGTERM) and reads JAVA_OPTS")
                .contains("exec java ${JAVA_OPTS}");
        dockerfile.globalArguments().forEach((name, image) -> {
            if (name.endsWith("_IMAGE")) {
                String tag = image.contains(":") ? image.substring(image.lastIndexOf(':') + 1) : "";
                assertThat(tag)
                        .as("%s (%s) is pinned to a version", name, image)
                        .matches("\\d[^:@]*");
            }
        });
    }

    @Test
    void theHealthcheckScriptPassesOnReadinessUpAndFailsOnReadinessDown(@TempDir Path work) throws Exception {
        var script = dockerfile.instructions("COPY").stream()
                .filter(c -> c.heredoc().isPresent() && c.arguments().endsWith("/usr/local/bin/healthcheck"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no healthcheck script in the runtime stage"));
        Path file = work.resolve("healthcheck");
        Files.writeString(file, script.heredoc().get());
        var server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/actuator/health/readiness", e -> {
            e.sendResponseHeaders(200, -1);
            e.close();
        });
        server.createContext("/down", e -> {
            e.sendResponseHeaders(503, -1);
            e.close();
        });
        server.start();
        try {
            String port = Integer.toString(server.getAddress().getPort());
            assertThat(run("bash", file.toString(), port)).as("readiness UP").isZero();
            assertThat(run("bash", file.toString(), port, "/down"))
                    .as("readiness DOWN")
                    .isNotZero();
            server.stop(0);
            assertThat(run("bash", file.toString(), port))
                    .as("nothing listening")
                    .isNotZero();
        } finally {
            server.stop(0);
        }
    }

    private static int run(String... command) throws IOException, InterruptedException {
        var process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }
}
