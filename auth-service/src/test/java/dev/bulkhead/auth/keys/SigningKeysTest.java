package dev.bulkhead.auth.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeysTest {

    @TempDir
    Path directory;

    @Test
    void theFirstConfiguredKeySignsAndAllArePublishedWithoutPrivateParts() {
        SigningKeys keys = SigningKeys.from(settings(
                List.of(
                        key("new", SigningKeys.pem(SigningKeys.generateKeyPair().getPrivate())),
                        key("old", SigningKeys.pem(SigningKeys.generateKeyPair().getPrivate()))),
                false));

        assertThat(keys.signing().getKeyID()).isEqualTo("new");
        assertThat(keys.publicSet().getKeys()).extracting(k -> k.getKeyID()).containsExactly("new", "old");
        assertThat(keys.publicSet().getKeys()).noneMatch(k -> k.isPrivate());
    }

    @Test
    void generatesADevelopmentKeyOnceAndReusesIt() throws Exception {
        SigningKeys first = SigningKeys.from(settings(List.of(), true));
        SigningKeys second = SigningKeys.from(settings(List.of(), true));

        assertThat(second.signing().getKeyID())
                .isEqualTo(first.signing().getKeyID())
                .startsWith("dev-");
        Path file = directory.resolve(SigningKeys.GENERATED_FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }

    @Test
    void refusesToStartWithoutAKeyWhenGenerationIsOff() {
        assertThatThrownBy(() -> SigningKeys.from(settings(List.of(), false)))
                .hasMessageContaining("bulkhead.auth.keys");
    }

    @Test
    void refusesAWeakKeyAndADuplicateKid() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(1024);
        String weak = SigningKeys.pem(rsa.generateKeyPair().getPrivate());
        String strong = SigningKeys.pem(SigningKeys.generateKeyPair().getPrivate());

        assertThatThrownBy(() -> SigningKeys.from(settings(List.of(key("weak", weak)), false)))
                .hasMessageContaining("2048");
        assertThatThrownBy(() -> SigningKeys.from(settings(List.of(key("k", strong), key("k", strong)), false)))
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> SigningKeys.from(settings(List.of(key("junk", "not a key")), false)))
                .hasMessageContaining("PKCS#8");
    }

    private KeySettings settings(List<KeySettings.Key> keys, boolean generate) {
        return new KeySettings(keys, generate, directory, Duration.ofMinutes(5));
    }

    private static KeySettings.Key key(String kid, String pem) {
        return new KeySettings.Key(kid, pem);
    }
}
