package dev.bulkhead.deploymentcheck.docker;

import dev.bulkhead.deploymentcheck.project.Application;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An application laid out on disk as the Dockerfile lays it out in the image: its packaged jar copied
 * as the layers stage copies it, extracted with the stage's own {@code RUN java -Djarmode=tools …}
 * command, and the layer folders copied into the runtime stage's WORKDIR in the order of its
 * {@code COPY --from=layers} lines. Tests then check those paths and run the result.
 */
public final class ImageLayout {

    private static final Pattern COPY_FROM = Pattern.compile("--from=(\\S+)\\s+(\\S+)\\s+(\\S+)");
    private static final Pattern JAVA_COMMAND = Pattern.compile("^java\\s+(.*)$");

    private ImageLayout() {}

    /** The runtime stage's folder (its WORKDIR) for {@code application}, under {@code workDir}. */
    public static Path assemble(Dockerfile dockerfile, Application application, Path workDir) {
        String layersStage = "layers";
        String layersDir = workdir(dockerfile, layersStage);
        Path layers = workDir.resolve("layers-stage");
        try {
            deleteTree(layers);
            deleteTree(workDir.resolve("runtime-workdir"));
            Files.createDirectories(layers);
            // COPY --from=build /workspace/${MODULE}/target/${MODULE}-*.jar application.jar
            var copyJar = dockerfile.instructions("COPY").stream()
                    .filter(i -> i.stage().equals(layersStage))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("The layers stage copies no jar"));
            Matcher jarCopy = COPY_FROM.matcher(copyJar.arguments());
            if (!jarCopy.find()) throw new AssertionError("Cannot read " + copyJar.arguments());
            Files.copy(application.jar(), layers.resolve(jarCopy.group(3)), StandardCopyOption.REPLACE_EXISTING);
            // RUN java -Djarmode=tools -jar application.jar extract --layers --destination extracted
            var extract = dockerfile.instructions("RUN").stream()
                    .filter(i -> i.stage().equals(layersStage))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("The layers stage extracts nothing"));
            Matcher java = JAVA_COMMAND.matcher(extract.arguments());
            if (!java.matches())
                throw new AssertionError("The layers stage's RUN is not a java command: " + extract.arguments());
            var command = new ArrayList<String>();
            command.add(javaExecutable());
            command.addAll(List.of(java.group(1).split("\\s+")));
            run(command, layers);
            // COPY --from=layers /layers/extracted/<layer>/ ./  (into the runtime WORKDIR)
            String runtime = dockerfile.finalStage();
            Path target = workDir.resolve("runtime-workdir");
            Files.createDirectories(target);
            for (var copy : dockerfile.instructions("COPY")) {
                if (!copy.stage().equals(runtime)) continue;
                Matcher from = COPY_FROM.matcher(copy.arguments());
                if (!from.find() || !from.group(1).equals(layersStage)) continue;
                Path source = layers.resolve(relativeTo(layersDir, from.group(2)));
                if (!Files.isDirectory(source)) {
                    throw new AssertionError(application + ": the runtime stage copies " + from.group(2)
                            + " but extraction made no such folder (has " + list(layers.resolve("extracted")) + ")");
                }
                copyTree(source, target.resolve(from.group(3)).normalize());
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The java executing these tests: the JDK the build uses, 21 or newer. */
    public static String javaExecutable() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /** The {@code WORKDIR} of a stage. */
    static String workdir(Dockerfile dockerfile, String stage) {
        return dockerfile.instructions("WORKDIR").stream()
                .filter(i -> i.stage().equals(stage))
                .map(i -> i.arguments())
                .reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("Stage " + stage + " has no WORKDIR"));
    }

    private static String relativeTo(String workdir, String path) {
        String base = workdir.endsWith("/") ? workdir : workdir + "/";
        if (!path.startsWith(base)) {
            throw new AssertionError(path + " is not under the layers stage's WORKDIR " + workdir);
        }
        return path.substring(base.length());
    }

    private static void run(List<String> command, Path dir) throws IOException {
        var process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        try {
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed:\n" + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static void copyTree(Path source, Path target) throws IOException {
        try (var files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path destination = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(file, destination, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** Removes a folder and everything in it, if it exists. */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (var files = Files.walk(dir)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    private static List<String> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        try (var files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
