package dev.bulkhead.devstack.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminAccountTest {

    @TempDir
    Path dir;

    @Test
    void generatesAPasswordOnceKeepsItPrivateAndReusesIt() throws Exception {
        var home = new Home(dir);

        var first = AdminAccount.of(home, Map.of());
        var second = AdminAccount.of(home, Map.of());

        assertThat(first.email()).isEqualTo(AdminAccount.DEFAULT_EMAIL);
        assertThat(first.password()).hasSizeGreaterThanOrEqualTo(20);
        assertThat(second).isEqualTo(first);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("admin-password"))))
                .isEqualTo("rw-------");
    }

    @Test
    void takesTheEnvironmentsCredentialsAndNeverWritesThemDown() throws Exception {
        var account = AdminAccount.of(
                new Home(dir),
                Map.of("BULKHEAD_ADMIN_EMAIL", "ops@example.com", "BULKHEAD_ADMIN_PASSWORD", "s3cret-pass"));

        assertThat(account).isEqualTo(new AdminAccount("ops@example.com", "s3cret-pass"));
        assertThat(account.environment()).containsEntry("BULKHEAD_ADMIN_PASSWORD", "s3cret-pass");
        assertThat(dir.resolve("admin-password")).doesNotExist();
    }
}
