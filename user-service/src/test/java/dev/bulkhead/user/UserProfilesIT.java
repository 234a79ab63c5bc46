package dev.bulkhead.user;

import static dev.bulkhead.testsupport.http.ProblemAssertions.assertThatProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.testsupport.RunningService;
import dev.bulkhead.testsupport.Topics;
import dev.bulkhead.testsupport.contracts.EventContracts;
import dev.bulkhead.testsupport.http.Eventually;
import dev.bulkhead.testsupport.http.TestHttp;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * user-service against real Postgres and Kafka: profiles come from UserRegistered exactly once, the
 * owner changes only name and address, and a change leaves as UserUpdated matching its contract.
 */
class UserProfilesIT extends RunningService {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String TOPIC = "user-events";
    private static final JsonMapper JSON = TestHttp.JSON;

    private static final String ME = "/api/v1/users/me";
    private static final EventContracts contracts = EventContracts.ofRepository();

    @Test
    void createsTheProfileFromTheContractsExampleOfUserRegistered() throws Exception {
        String example = contracts.examples(TOPIC).stream()
                .filter(event -> event.contains("\"UserRegistered\""))
                .findFirst()
                .orElseThrow();
        UUID userId = UUID.fromString(
                JSON.readTree(example).path("data").path("userId").asString());

        kafka.send(TOPIC, userId.toString(), example).get();

        JsonNode profile = awaitProfile(userId);
        assertThat(profile.path("name").asString()).isEqualTo("Ada Lovelace");
        assertThat(profile.path("email").asString()).isEqualTo("ada@example.com");
    }

    @Test
    void createsOneProfileWhenTheSameEventArrivesTwice() throws Exception {
        UUID userId = UUID.randomUUID();
        String event = userRegistered(UUID.randomUUID(), userId, "Grace Hopper");

        kafka.send(TOPIC, userId.toString(), event).get();
        kafka.send(TOPIC, userId.toString(), event).get();
        // Same key, so same partition: once this one is applied, both deliveries above have been.
        UUID next = register("After The Duplicate", userId.toString());

        awaitProfile(next);
        assertThat(count("select count(*) from profile where id = ?", userId)).isOne();
        assertThat(count("select count(*) from bulkhead_processed_event where event_id = ?", eventIdOf(event)))
                .isOne();
    }

    @Test
    void sendsAnUnreadableEventToTheDeadLetterTopicAndGoesOnWithTheNext() throws Exception {
        String poison = "{\"type\":\"UserRegistered\",\"id\":\"not-a-uuid\"";
        kafka.send(TOPIC, "poison", poison).get();

        UUID next = register("Next In Line");

        awaitProfile(next);
        assertThat(readOne(TOPIC + ".DLT", record -> poison.equals(record.value())))
                .isNotNull();
    }

    @Test
    void changesNameAndAddressAndPublishesUserUpdatedMatchingItsContract() throws Exception {
        UUID userId = register("Alan Turing");
        awaitProfile(userId);

        var response = patch(userId, """
                {"name":"Alan M. Turing","address":{"line1":"Bletchley Park","city":"Milton Keynes","country":"GB"}}""");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode profile = JSON.readTree(response.body());
        assertThat(profile.path("name").asString()).isEqualTo("Alan M. Turing");
        assertThat(profile.path("address").path("city").asString()).isEqualTo("Milton Keynes");
        ConsumerRecord<String, String> updated = readOne(
                TOPIC,
                record -> record.value().contains("\"UserUpdated\"")
                        && userId.toString().equals(record.key()));
        contracts.assertValid(TOPIC, updated.value());
        assertThat(JSON.readTree(updated.value()).path("data").path("name").asString())
                .isEqualTo("Alan M. Turing");
    }

    @ParameterizedTest(name = "{0} -> 400 naming {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"id\":\"00000000-0000-0000-0000-000000000001\"}   | id",
                "{\"email\":\"mallory@example.com\"}                  | email",
                "{\"roles\":[\"ADMIN\"]}                              | roles",
                "{\"name\":\"Mallory\",\"isAdmin\":true}              | isAdmin",
                "{\"address\":{\"city\":\"Paris\",\"owner\":\"x\"}}   | address.owner"
            })
    void refusesFieldsThatAreNotWritableNamingThemAndChangesNothing(String body, String field) throws Exception {
        UUID userId = register("Eve Victim");
        String before = awaitProfile(userId).toString();
        int outboxBefore = count("select count(*) from bulkhead_outbox where message_key = ?", userId.toString());

        var response = patch(userId, body);

        JsonNode problem = assertThatProblem(response)
                .hasStatus(400)
                .hasType("fields-not-writable")
                .json();
        assertThat(problem.path("fields").valueStream().map(JsonNode::asString)).contains(field);
        assertThat(problem.path("detail").asString()).contains(field);
        assertThat(get(userId).body()).isEqualTo(before);
        assertThat(count("select count(*) from bulkhead_outbox where message_key = ?", userId.toString()))
                .isEqualTo(outboxBefore);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"name\":\"   \"}                         | name",
                "{\"address\":{\"country\":\"Germany\"}}    | address.country",
                "{\"name\":42}                              | name",
                "[\"name\"]                                 | body"
            })
    void refusesValuesThatBreakTheRulesNamingTheFieldAndChangesNothing(String body, String field) throws Exception {
        UUID userId = register("Rule Keeper");
        String before = awaitProfile(userId).toString();

        var response = patch(userId, body);

        assertThatProblem(response).hasStatus(400).hasType("invalid-request").hasErrorsOn(field);
        assertThat(get(userId).body()).isEqualTo(before);
    }

    @Test
    void answersThatTheProfileIsBeingCreatedUntilItExistsAndUnauthorizedWithoutAToken() throws Exception {
        var unknown = get(UUID.randomUUID());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.body()).path("type").asString()).endsWith("profile-being-created");
        assertThat(JSON.readTree(unknown.body()).path("title").asString()).isEqualTo("Profile being created");
        assertThat(unknown.headers().firstValue("Retry-After"))
                .as("the caller is told when to ask again")
                .hasValue("1");

        var anonymous = http().get(ME);
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    // --- helpers ---------------------------------------------------------------------------

    private UUID register(String name) throws Exception {
        return register(name, null);
    }

    /** Publishes a UserRegistered for a new user, keyed by {@code key} or else by the user's id. */
    private UUID register(String name, String key) throws Exception {
        UUID userId = UUID.randomUUID();
        kafka.send(TOPIC, key == null ? userId.toString() : key, userRegistered(UUID.randomUUID(), userId, name))
                .get();
        return userId;
    }

    private static String userRegistered(UUID eventId, UUID userId, String name) {
        ObjectNode event = JSON.createObjectNode()
                .put("id", eventId.toString())
                .put("type", "UserRegistered")
                .put("version", 1)
                .put("source", "auth-service")
                .put("time", Instant.now().toString())
                .put("subject", userId.toString());
        event.putObject("data")
                .put("userId", userId.toString())
                .put("email", name.toLowerCase().replace(' ', '.') + "@example.com")
                .put("name", name)
                .put("registeredAt", Instant.now().toString());
        return event.toString();
    }

    private static UUID eventIdOf(String event) {
        return UUID.fromString(JSON.readTree(event).path("id").asString());
    }

    private JsonNode awaitProfile(UUID userId) {
        var response = Eventually.within(TIMEOUT)
                .get("a profile for " + userId, () -> get(userId), answer -> answer.statusCode() == 200);
        return TestHttp.json(response);
    }

    private HttpResponse<String> get(UUID userId) {
        return http().get(ME, "Authorization", "Bearer " + auth.token(userId));
    }

    private HttpResponse<String> patch(UUID userId, String body) {
        return http().send("PATCH", ME, body, "Authorization", "Bearer " + auth.token(userId));
    }

    private int count(String sql, Object argument) {
        Integer count = jdbc.queryForObject(sql, Integer.class, argument);
        return count == null ? 0 : count;
    }

    private ConsumerRecord<String, String> readOne(String topic, Predicate<ConsumerRecord<String, String>> wanted) {
        return Topics.readingWith(consumers, TIMEOUT).first(topic, wanted);
    }
}
