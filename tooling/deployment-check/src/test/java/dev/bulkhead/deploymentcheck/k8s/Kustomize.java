package dev.bulkhead.deploymentcheck.k8s;

import dev.bulkhead.deploymentcheck.project.Repository;
import dev.bulkhead.deploymentcheck.project.Yaml;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code kubectl kustomize} of an overlay, run on a copy of {@code k8s/} in which every
 * {@code *.example} secret input has been copied to its real name, as the README tells a user to do.
 * Each overlay is rendered once per test JVM.
 */
final class Kustomize {

    private static final Map<String, Rendered> RENDERED = new ConcurrentHashMap<>();
    private static Path copy;

    private Kustomize() {}

    static Path k8s() {
        return Repository.path("k8s");
    }

    /** The overlays: every folder under k8s/overlays with a kustomization.yaml. */
    static List<String> overlays() {
        try (var dirs = Files.list(k8s().resolve("overlays"))) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("kustomization.yaml")))
                    .map(d -> d.getFileName().toString())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Rendered render(String overlay) {
        return RENDERED.computeIfAbsent(overlay, Kustomize::run);
    }

    private static Rendered run(String overlay) {
        Path dir = materialised().resolve("overlays").resolve(overlay);
        try {
            var process = new ProcessBuilder("kubectl", "kustomize", dir.toString())
                    .redirectErrorStream(false)
                    .start();
            var stdout = process.getInputStream().readAllBytes();
            var stderr = process.getErrorStream().readAllBytes();
            if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new AssertionError("kubectl kustomize k8s/overlays/" + overlay + " failed:\n"
                        + new String(stderr, StandardCharsets.UTF_8));
            }
            String yaml = new String(stdout, StandardCharsets.UTF_8);
            return new Rendered(overlay, yaml, Yaml.documents(yaml));
        } catch (IOException e) {
            throw new AssertionError(
                    "kubectl 1.27 or newer (kustomize v5) is needed to render the Kubernetes overlays;"
                            + " `. .ci/kubectl.sh && ensure_kubectl` puts one on PATH, as .ci/run does: "
                            + e.getMessage(),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A private copy of k8s/ with {@code x.example} copied to {@code x} wherever {@code x} is missing. */
    private static synchronized Path materialised() {
        if (copy != null) {
            return copy;
        }
        try {
            Path target = Files.createTempDirectory("bulkhead-k8s");
            try (var files = Files.walk(k8s())) {
                for (Path file : files.toList()) {
                    Path destination = target.resolve(k8s().relativize(file).toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(destination);
                    } else {
                        Files.copy(file, destination, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            try (var files = Files.walk(target)) {
                for (Path example :
                        files.filter(f -> f.toString().endsWith(".example")).toList()) {
                    String name = example.getFileName().toString();
                    Path real = example.resolveSibling(name.substring(0, name.length() - ".example".length()));
                    if (!Files.exists(real)) {
                        Files.copy(example, real);
                    }
                }
            }
            copy = target;
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A rendered overlay. */
    record Rendered(String overlay, String yaml, List<Map<String, Object>> objects) {

        List<Map<String, Object>> ofKind(String kind) {
            return objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
        }

        java.util.Optional<Map<String, Object>> find(String kind, String name) {
            return ofKind(kind).stream().filter(o -> name.equals(name(o))).findFirst();
        }

        static String name(Map<String, Object> object) {
            return String.valueOf(Yaml.at(object, "metadata", "name"));
        }

        @Override
        public String toString() {
            return "overlays/" + overlay;
        }
    }
}
