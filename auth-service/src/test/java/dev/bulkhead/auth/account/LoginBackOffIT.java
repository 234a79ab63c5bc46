package dev.bulkhead.auth.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.auth.AuthHttp;
import dev.bulkhead.resilience.retention.RetentionSweep;
import dev.bulkhead.testsupport.RealInfrastructure;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * auth-service throttles password guessing itself, whoever calls it: straight at its port, no gateway
 * and no gateway limit in front. Five failures are free; then the account refuses logins, even with the
 * right password, for a second, then two, four... and a success clears the count.
 */
@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LoginBackOffIT {

    private static final String PASSWORD = "correct horse battery";

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    RetentionSweep retention;

    AuthHttp http;

    @BeforeEach
    void client() {
        http = new AuthHttp(port);
    }

    @Test
    void refusesEvenTheRightPasswordWhileAnAccountBacksOffAfterFiveFailures() throws Exception {
        String email = "guessed-" + UUID.randomUUID() + "@example.com";
        assertThat(http.register(email, PASSWORD, "Guessed").status()).isEqualTo(201);

        for (int i = 0; i < 5; i++) {
            // Spelled as auth-service reads it: upper case and a trailing em space are the same account.
            String spelled = i % 2 == 0 ? email.toUpperCase(java.util.Locale.ROOT) : email + "\u2003";
            assertThat(http.login(spelled, "guess-" + i).status())
                    .as("guess %d", i)
                    .isEqualTo(401);
        }
        AuthHttp.Response refused = http.login(email, PASSWORD);
        assertThat(refused.status()).as(refused.body()).isEqualTo(429);
        assertThat(refused.body()).contains("too-many-failed-logins").doesNotContain(PASSWORD);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");

        assertThat(http.login("someone-else-" + UUID.randomUUID() + "@example.com", "x")
                        .status())
                .as("another account is not held back")
                .isEqualTo(401);

        Thread.sleep(1_100);
        assertThat(http.login(email, "guess-5").status())
                .as("a failure after the block")
                .isEqualTo(401);
        assertThat(http.login(email, PASSWORD).status())
                .as("blocked again, twice as long")
                .isEqualTo(429);
        assertThat(http.login(email, PASSWORD).headers().firstValue("Retry-After"))
                .hasValue("2");

        Thread.sleep(2_100);
        assertThat(http.login(email, PASSWORD).status())
                .as("the owner, after the block")
                .isEqualTo(200);
        assertThat(http.login(email, "typo").status())
                .as("a success cleared the count: a typo is free again")
                .isEqualTo(401);
        assertThat(http.login(email, PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void forgetsFailuresOlderThanTheWindowWithTheRetentionSweep() {
        String email = "forgotten-" + UUID.randomUUID() + "@example.com";
        int before = failureRows();
        assertThat(http.login(email, "guess").status()).isEqualTo(401);
        assertThat(failureRows()).as("a row for the failure").isEqualTo(before + 1);
        jdbc.update("update login_failure set last_failed_at = now() - interval '2 hours'");

        retention.sweep();

        assertThat(failureRows()).as("failures older than forget-after (1 h)").isZero();
    }

    private int failureRows() {
        return jdbc.queryForObject("select count(*) from login_failure", Integer.class);
    }

    @Test
    void backsOffAnAddressWithNoAccountExactlyAsOneWithAnAccount() {
        String nobody = "nobody-" + UUID.randomUUID() + "@example.com";
        for (int i = 0; i < 5; i++) {
            assertThat(http.login(nobody, "guess-" + i).status()).isEqualTo(401);
        }
        AuthHttp.Response refused = http.login(nobody, "guess-5");
        assertThat(refused.status())
                .as("the back-off says nothing about whether the account exists")
                .isEqualTo(429);
    }
}
