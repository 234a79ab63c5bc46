package dev.bulkhead.auth.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import dev.bulkhead.auth.AuthHttp;
import dev.bulkhead.auth.AuthServiceApplication;
import dev.bulkhead.testsupport.Infrastructure;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/** The admin account is created by the first start, left alone by the next ones, and really is an admin. */
@ExtendWith(OutputCaptureExtension.class)
class AdminSeedingIT {

    @Test
    void seedsTheAdminOnceAcrossRestarts(CapturedOutput output) throws Exception {
        Infrastructure.Database db = Infrastructure.get().postgres().createDatabase();

        try (ConfigurableApplicationContext first = start(db, "admin password for tests")) {
            assertThat(admins(first)).containsExactly("USER,ADMIN");
            assertThat(output.getOut()).contains("Admin account created: email=root@bulkhead.test");
            AuthHttp http = new AuthHttp(port(first));
            String access = http.login("root@bulkhead.test", "admin password for tests")
                    .json()
                    .get("access_token")
                    .asString();
            assertThat(SignedJWT.parse(access).getJWTClaimsSet().getStringListClaim("roles"))
                    .containsExactlyInAnyOrder("USER", "ADMIN");
        }
        try (ConfigurableApplicationContext second = start(db, "admin password for tests")) {
            assertThat(admins(second)).containsExactly("USER,ADMIN");
            assertThat(output.getOut()).contains("Admin account root@bulkhead.test already exists");
        }
    }

    @Test
    void generatesAndPrintsAPasswordWhenNoneIsConfigured(CapturedOutput output) {
        Infrastructure.Database db = Infrastructure.get().postgres().createDatabase();

        try (ConfigurableApplicationContext app = start(db, "")) {
            String line = output.getOut()
                    .lines()
                    .filter(l -> l.contains("Admin account created: email=root@bulkhead.test password="))
                    .findFirst()
                    .orElseThrow();
            String password = line.replaceAll(".*password=(\\S+).*", "$1");
            assertThat(password).hasSizeGreaterThanOrEqualTo(20);
            assertThat(new AuthHttp(port(app))
                            .login("root@bulkhead.test", password)
                            .status())
                    .isEqualTo(200);
        }
    }

    private static ConfigurableApplicationContext start(Infrastructure.Database db, String adminPassword) {
        List<String> args = List.of(
                "--server.port=0",
                "--spring.datasource.url=" + db.jdbcUrl(),
                "--spring.datasource.username=" + db.username(),
                "--spring.datasource.password=" + db.password(),
                "--spring.kafka.bootstrap-servers="
                        + Infrastructure.get().kafka().bootstrapServers(),
                "--bulkhead.auth.admin.email=root@bulkhead.test",
                "--bulkhead.auth.admin.password=" + adminPassword);
        return new SpringApplicationBuilder(AuthServiceApplication.class).run(args.toArray(String[]::new));
    }

    private static List<String> admins(ConfigurableApplicationContext context) {
        return context.getBean(JdbcTemplate.class)
                .queryForList("SELECT roles FROM account WHERE email = 'root@bulkhead.test'", String.class);
    }

    private static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
    }
}
