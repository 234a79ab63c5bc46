package dev.bulkhead.deploymentcheck.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.deploymentcheck.project.Repository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The secret scan CI runs: no private key, no cloud or chat token anywhere in the repository, and in
 * what gets deployed (compose, k8s, the applications' configuration) every password, secret or key
 * setting is a placeholder — {@code ${VARIABLE}}, empty, {@code change-me...} in an example file, or a
 * path to a git-ignored secret file — never a value someone could use.
 */
class SecretScanTest {

    /** Build output, VCS data, local state and worktrees: not the repository's content. */
    private static final Set<String> SKIPPED_DIRECTORIES =
            Set.of(".git", "target", "node_modules", ".bulkhead", ".wt", ".idea");

    private static final Map<String, Pattern> TOKENS = Map.of(
            "a PEM private key with its content",
            Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----\\s*\\n\\s*[A-Za-z0-9+/=]{40,}"),
            "an AWS access key id",
            Pattern.compile("\\b(AKIA|ASIA)[0-9A-Z]{16}\\b"),
            "a GitHub token",
            Pattern.compile("\\bgh[pousr]_[A-Za-z0-9]{36,}\\b"),
            "a Slack token",
            Pattern.compile("\\bxox[abposr]-[A-Za-z0-9-]{10,}"),
            "a Google API key",
            Pattern.compile("\\bAIza[0-9A-Za-z_-]{35}\\b"),
            "the private exponent of a JSON Web Key",
            Pattern.compile("\"d\"\\s*:\\s*\"[A-Za-z0-9_-]{40,}\""));

    /** {@code key: value} or {@code KEY=value} on one line, whose key names a credential. */
    private static final Pattern SECRET_SETTING = Pattern.compile(
            "(?im)^\\s*-?\\s*([A-Za-z0-9_.-]*(password|passwd|secret[_-]?key|api[_-]?key|private[_-]?key"
                    + "|client[_-]?secret)[A-Za-z0-9_.-]*)[ \\t]*[:=][ \\t]*(.*)$");

    @Test
    void noFileHoldsAPrivateKeyOrAToken() {
        List<String> found = new ArrayList<>();
        for (Path file : files()) {
            String text = text(file);
            if (text == null) continue;
            TOKENS.forEach((what, pattern) -> {
                Matcher matcher = pattern.matcher(text);
                if (matcher.find()) {
                    found.add(Repository.relative(file) + ":" + line(text, matcher.start()) + " holds " + what);
                }
            });
        }
        assertThat(found).as("credentials committed (file:line)").isEmpty();
    }

    @Test
    void everyCredentialSettingInWhatIsDeployedIsAPlaceholder() {
        List<String> found = new ArrayList<>();
        List<Path> deployed =
                files().stream().filter(SecretScanTest::isDeployed).toList();
        assertThat(deployed)
                .as("the scan sees compose, k8s and the applications' configuration")
                .anyMatch(file -> file.toString().endsWith("docker-compose.yml"))
                .anyMatch(file -> file.toString().contains("/k8s/"))
                .anyMatch(file -> file.toString().endsWith("application.yml"));
        for (Path file : deployed) {
            String text = text(file);
            if (text == null) continue;
            Matcher setting = SECRET_SETTING.matcher(text);
            while (setting.find()) {
                String value = setting.group(3).strip();
                if (!isPlaceholder(value, file)) {
                    found.add(Repository.relative(file) + ":" + line(text, setting.start()) + " " + setting.group(1)
                            + " is set to a value");
                }
            }
        }
        assertThat(found)
                .as("credential settings with a literal value (file:line)")
                .isEmpty();
    }

    @Test
    void findsWhatItLooksFor() {
        String key = "-----BEGIN PRIVATE KEY-----\n" + "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQ".repeat(2);
        assertThat(TOKENS.values()).anyMatch(pattern -> pattern.matcher(key).find());
        assertThat(TOKENS.values())
                .anyMatch(pattern ->
                        pattern.matcher("aws: " + "AKIA" + "ABCDEFGHIJKLMNOP").find());
        Matcher literal = SECRET_SETTING.matcher("      SPRING_DATASOURCE_PASSWORD: hunter2hunter2");
        assertThat(literal.find()).isTrue();
        assertThat(isPlaceholder(literal.group(3).strip(), Path.of("docker-compose.yml")))
                .isFalse();
        assertThat(isPlaceholder("${AUTH_DB_PASSWORD:?set it}", Path.of("docker-compose.yml")))
                .isTrue();
        assertThat(isPlaceholder("change-me-auth", Path.of("docker-compose.yml")))
                .as("change-me only in an example file")
                .isFalse();
    }

    private static boolean isPlaceholder(String value, Path file) {
        String unquoted = value.replaceAll("^[\"']|[\"']$", "").replaceAll("\\s+#.*$", "");
        if (unquoted.isEmpty() || unquoted.startsWith("${") || unquoted.startsWith("$(")) return true;
        if (unquoted.equals("|") || unquoted.equals(">")) return false; // a literal block: a value
        boolean example = file.getFileName().toString().endsWith(".example");
        if (example && unquoted.startsWith("change-me")) return true;
        // kustomize's secretGenerator naming a git-ignored file beside the example.
        return unquoted.matches("[A-Za-z0-9_.-]+=secrets/[A-Za-z0-9_.-]+")
                || unquoted.matches("secrets/[A-Za-z0-9_.-]+");
    }

    private static boolean isDeployed(Path file) {
        String path = Repository.relative(file).replace('\\', '/');
        String name = file.getFileName().toString();
        return path.equals("docker-compose.yml")
                || path.startsWith("compose/")
                || path.startsWith("k8s/")
                || name.endsWith(".example")
                || name.endsWith(".env")
                || (path.contains("/src/main/resources/")
                        && (name.endsWith(".yml") || name.endsWith(".yaml") || name.endsWith(".properties")));
    }

    private static List<Path> files() {
        try (Stream<Path> walk = Files.walk(Repository.root())) {
            return walk.filter(path -> !skipped(path))
                    .filter(Files::isRegularFile)
                    .filter(path -> size(path) < 2_000_000)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean skipped(Path path) {
        for (Path part : Repository.root().relativize(path)) {
            if (SKIPPED_DIRECTORIES.contains(part.toString())) return true;
        }
        return false;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file as text, or null for a binary file (a NUL in it). */
    private static String text(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            for (byte b : bytes) {
                if (b == 0) return null;
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int line(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') line++;
        }
        return line;
    }
}
