package dev.bulkhead.auth.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.auth.AuthHttp;
import dev.bulkhead.testsupport.Infrastructure;
import dev.bulkhead.testsupport.RealInfrastructure;
import dev.bulkhead.testsupport.contracts.EventContracts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/** Registration and login over HTTP: what is refused, what is stored, what is announced. */
@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RegistrationIT {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    AuthHttp http;

    @BeforeEach
    void client() {
        http = new AuthHttp(port);
    }

    static Stream<Arguments> badRegistrations() {
        return Stream.of(
                Arguments.of("empty password", body("bad1@example.com", "", "Bad"), "password"),
                Arguments.of("short password", body("bad2@example.com", "short", "Bad"), "password"),
                Arguments.of(
                        "password over 128 characters", body("bad3@example.com", "p".repeat(129), "Bad"), "password"),
                Arguments.of("missing password", "{\"email\":\"bad4@example.com\",\"name\":\"Bad\"}", "password"),
                Arguments.of("email without @", body("not-an-email", "correct horse battery", "Bad"), "email"),
                Arguments.of(
                        "email without a domain dot", body("bad@localhost", "correct horse battery", "Bad"), "email"),
                Arguments.of(
                        "email with a space", body("bad user@example.com", "correct horse battery", "Bad"), "email"),
                Arguments.of("blank name", body("bad5@example.com", "correct horse battery", " "), "name"),
                Arguments.of(
                        "NUL in the name, which Postgres cannot store",
                        body("bad6@example.com", "correct horse battery", "Ada\u0000"),
                        "name"),
                Arguments.of(
                        "NUL in the email", body("bad7\u0000@example.com", "correct horse battery", "Bad"), "email"),
                Arguments.of("not JSON", "{\"email\":", null),
                Arguments.of("empty body", "", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRegistrations")
    void refusesABadRegistrationWithA400ProblemAndStoresNothing(String why, String body, String field) {
        long accounts = count("account");
        long events = count("bulkhead_outbox");

        AuthHttp.Response response = http.post("/api/v1/auth/register", body);

        var problem = response.problem().hasStatus(400).hasType("invalid-request");
        problem.hasErrorsOn(field != null ? field : "body");
        assertThat(response.body()).doesNotContain("correct horse battery");
        assertThat(count("account")).isEqualTo(accounts);
        assertThat(count("bulkhead_outbox")).isEqualTo(events);
    }

    @Test
    void refusesAnEmailThatIsAlreadyRegisteredWhateverItsCase() {
        String email = "dup-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        assertThat(http.register(email, "correct horse battery", "First").status())
                .isEqualTo(201);
        long events = count("bulkhead_outbox");

        AuthHttp.Response again = http.register(email.toUpperCase(), "another good password", "Second");

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.contentType()).startsWith("application/problem+json");
        assertThat(again.json().get("type").asString()).endsWith("/email-already-registered");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM account WHERE lower(email) = ?", Long.class, email))
                .isOne();
        assertThat(count("bulkhead_outbox")).isEqualTo(events);
    }

    @Test
    void answersAnUnknownEmailAndAWrongPasswordIdentically() {
        String email = "known-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        http.register(email, "correct horse battery", "Known");

        AuthHttp.Response unknownEmail = http.login("nobody-" + email, "correct horse battery");
        AuthHttp.Response wrongPassword = http.login(email, "wrong horse battery");

        assertThat(unknownEmail.status()).isEqualTo(401);
        assertThat(wrongPassword.status()).isEqualTo(401);
        assertThat(unknownEmail.body()).isEqualTo(wrongPassword.body());
        assertThat(unknownEmail.headers().firstValue("WWW-Authenticate"))
                .isEqualTo(wrongPassword.headers().firstValue("WWW-Authenticate"));
        assertThat(unknownEmail.contentType()).startsWith("application/problem+json");
    }

    @Test
    void refusesALoginWithANulInTheEmailAsInvalidInputNotAServerError() {
        AuthHttp.Response login =
                http.post("/api/v1/auth/login", "{\"email\":\"ada\\u0000@example.com\",\"password\":\"whatever\"}");

        assertThat(login.status()).as(login.body()).isEqualTo(400);
        assertThat(login.body()).contains("\"field\":\"email\"", "NUL");
    }

    @Test
    void storesAnArgon2idHashWhoseParametersMeetTheFloor() {
        String email = "hash-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        http.register(email, "correct horse battery", "Hash");

        String hash = jdbc.queryForObject("SELECT password_hash FROM account WHERE email = ?", String.class, email);

        Matcher phc = Pattern.compile("^\\$argon2id\\$v=19\\$m=(\\d+),t=(\\d+),p=(\\d+)\\$([^$]+)\\$([^$]+)$")
                .matcher(hash);
        assertThat(phc.matches()).as("PHC string of Argon2id: %s", hash).isTrue();
        assertThat(Integer.parseInt(phc.group(1))).as("memory KiB").isGreaterThanOrEqualTo(19 * 1024);
        assertThat(Integer.parseInt(phc.group(2))).as("iterations").isGreaterThanOrEqualTo(2);
        assertThat(Integer.parseInt(phc.group(3))).as("parallelism").isGreaterThanOrEqualTo(1);
        assertThat(java.util.Base64.getDecoder().decode(pad(phc.group(4))))
                .as("salt")
                .hasSizeGreaterThanOrEqualTo(16);
        assertThat(hash).doesNotContain("correct horse battery");
    }

    @Test
    void announcesTheRegistrationWithAUserRegisteredEventThatMatchesItsContract() {
        String email = "event-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        AuthHttp.Response registered = http.register(email, "correct horse battery", "Eve Event");
        String userId = registered.json().get("id").asString();

        ConsumerRecord<String, String> record = readKey("user-events", userId, Duration.ofSeconds(30));

        EventContracts.ofRepository().assertValid("user-events", record.value());
        JsonNode event = AuthHttp.JSON.readTree(record.value());
        assertThat(event.get("type").asString()).isEqualTo("UserRegistered");
        assertThat(event.get("subject").asString()).isEqualTo(userId);
        assertThat(event.get("source").asString()).isEqualTo("auth-service");
        assertThat(event.get("data").get("userId").asString()).isEqualTo(userId);
        assertThat(event.get("data").get("email").asString()).isEqualTo(email);
        assertThat(event.get("data").get("name").asString()).isEqualTo("Eve Event");
        assertThat(event.get("traceparent").asString())
                .as("the trace of the registering request")
                .matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
    }

    private static ConsumerRecord<String, String> readKey(String topic, String key, Duration timeout) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                Infrastructure.get().kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "registration-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest");
        List<ConsumerRecord<String, String>> seen = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    seen.add(record);
                    if (key.equals(record.key())) {
                        return record;
                    }
                }
            }
        }
        throw new AssertionError(
                "no record with key " + key + " on " + topic + " within " + timeout + "; saw " + seen.size());
    }

    private long count(String table) {
        return jdbc.queryForObject("SELECT count(*) FROM " + table, Long.class);
    }

    private static String body(String email, String password, String name) {
        return AuthHttp.JSON.writeValueAsString(Map.of("email", email, "password", password, "name", name));
    }

    private static String pad(String base64) {
        return base64 + "=".repeat((4 - base64.length() % 4) % 4);
    }
}
