package dev.bulkhead.auth.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.auth.AuthHttp;
import dev.bulkhead.testsupport.RealInfrastructure;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import tools.jackson.databind.JsonNode;

/** Redis unreachable (a closed port): logout still answers 204, at once, and the denylist has the token. */
@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RevocationAnnouncementsWithoutRedisIT {

    @LocalServerPort
    int port;

    @Test
    void logoutAnswers204AtOnceWhenRedisIsUnreachable() {
        AuthHttp http = new AuthHttp(port);
        String email = "edsger-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        http.register(email, "correct horse battery", "Edsger Dijkstra");
        List<JsonNode> sessions = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            sessions.add(http.login(email, "correct horse battery").json());
        }
        logOut(http, sessions.getFirst()); // warm-up: the first logout loads its classes

        List<Long> millis = new ArrayList<>();
        for (JsonNode session : sessions.subList(1, sessions.size())) {
            long start = System.nanoTime();
            var logout = logOut(http, session);
            millis.add(Duration.ofNanos(System.nanoTime() - start).toMillis());
            assertThat(logout.status()).as(logout.body()).isEqualTo(204);
            assertThat(logOut(http, session).status())
                    .as("the revocation committed: auth-service refuses the token")
                    .isEqualTo(401);
        }
        Collections.sort(millis);
        System.out.printf("logout with Redis unreachable answered in %s ms (sorted)%n", millis);
        assertThat(millis.get(millis.size() / 2))
                .as("median: the announcement (which waits up to 200 ms) runs after the answer")
                .isLessThan(150L);
        assertThat(millis.getLast()).isLessThan(1000L);
    }

    private static AuthHttp.Response logOut(AuthHttp http, JsonNode session) {
        return http.logout(
                session.get("refresh_token").asString(),
                session.get("access_token").asString());
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class RedisOnAClosedPort {

        @Bean
        @Primary
        DataRedisConnectionDetails unreachableRedis() throws IOException {
            int closed;
            try (ServerSocket socket = new ServerSocket(0)) {
                closed = socket.getLocalPort();
            }
            var standalone = DataRedisConnectionDetails.Standalone.of("127.0.0.1", closed, 0);
            return new DataRedisConnectionDetails() {
                @Override
                public Standalone getStandalone() {
                    return standalone;
                }
            };
        }
    }
}
