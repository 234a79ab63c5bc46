package dev.bulkhead.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.testsupport.http.TestHttp;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

/** The probe application as a service's integration test sees it through {@link RunningService}. */
class RunningServiceIT extends RunningService {

    @Autowired
    Environment environment;

    @Test
    void pointsTheServiceAtTheStandInAuthWhichAnswersItsJwks() {
        assertThat(environment.getProperty("bulkhead.security.jwt.jwks-uri")).isEqualTo(auth.jwksUri());
        assertThat(environment.getProperty("bulkhead.security.revocations.uri")).isEqualTo(auth.revocationsUri());

        var jwks = TestHttp.at(auth.base()).get("/.well-known/jwks.json");

        assertThat(jwks.statusCode()).isEqualTo(200);
        assertThat(jwks.body()).contains("\"kid\":\"key-1\"");
    }

    @Test
    void reachesTheServiceOnItsRandomPort() {
        assertThat(port).isPositive();

        var health = http().get("/actuator/health");

        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
    }

    @Test
    void queriesTheContextsOwnDatabase() {
        assertThat(jdbc.queryForObject("select current_database()", String.class))
                .isEqualTo(environment.getProperty(RealInfrastructureContextCustomizer.DATABASE_NAME_PROPERTY));
    }

    @Test
    void readsBackWhatItSendsThroughTheRunsBroker() throws Exception {
        String topic = "running-service-" + UUID.randomUUID();
        String value = "hello " + UUID.randomUUID();

        kafka.send(topic, "key-1", value).get();

        var record = Topics.readingWith(consumers, Duration.ofSeconds(30))
                .first(topic, candidate -> value.equals(candidate.value()));
        assertThat(record.key()).isEqualTo("key-1");
    }
}
