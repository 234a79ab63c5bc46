package dev.bulkhead.deploymentcheck.project;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One Bulkhead application, as its module declares it: the facts every deployment must agree with.
 *
 * @param module the Maven module (folder) name, which is also the artifact id
 * @param name {@code spring.application.name}
 * @param port {@code server.port}
 * @param database {@code bulkhead.database.name}, for a service with a database
 * @param dir the module folder
 */
public record Application(String module, String name, int port, Optional<String> database, Path dir) {

    private static final Map<Path, BootJar> JARS = new ConcurrentHashMap<>();

    /** The executable jar {@code ./mvnw package} writes. */
    public Path jar() {
        return dir.resolve("target").resolve(module + "-" + Repository.version() + ".jar");
    }

    /** The packaged jar, read once per test JVM (it fails saying how to build it when missing). */
    public BootJar bootJar() {
        return JARS.computeIfAbsent(jar(), BootJar::open);
    }

    /** The module's own {@code application.yml}, flattened. */
    public Map<String, Object> ownConfiguration() {
        return Yaml.flatten(Yaml.document(dir.resolve("src/main/resources/application.yml")));
    }

    public Path sources() {
        return dir.resolve("src/main/java");
    }

    public boolean usesDatabase() {
        return bootJar().hasLibrary("postgresql");
    }

    public boolean usesKafka() {
        return bootJar().hasLibrary("spring-kafka");
    }

    public boolean usesRedis() {
        return bootJar().hasLibrary("lettuce-core");
    }

    /** Spring's mail support with a JavaMail implementation: the application can send e-mail over SMTP. */
    public boolean sendsMail() {
        return bootJar().hasLibrary("spring-boot-mail") || bootJar().hasLibrary("angus-mail");
    }

    /** Whether the module has a main-source file containing {@code text}. */
    public boolean sourcesContain(String text) {
        try (var files = Files.walk(sources())) {
            return files.filter(f -> f.toString().endsWith(".java"))
                    .anyMatch(f -> Repository.read(f).contains(text));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return module;
    }
}
