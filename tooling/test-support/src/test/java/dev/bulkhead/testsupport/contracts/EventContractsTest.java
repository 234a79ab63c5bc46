package dev.bulkhead.testsupport.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

class EventContractsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final EventContracts contracts = EventContracts.ofRepository();

    @ParameterizedTest
    @ValueSource(strings = {"user-events", "order-events", "inventory-events", "payment-events"})
    void everyExampleMatchesItsSchema(String topic) {
        assertThat(contracts.examples(topic))
                .isNotEmpty()
                .allSatisfy(example ->
                        assertThat(contracts.violations(topic, example)).isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"user-events", "order-events", "inventory-events", "payment-events"})
    void everyEventTypeHasAnExample(String topic) throws IOException {
        Set<String> documented;
        try (Stream<Path> schemas =
                Files.list(contracts.root().resolve("schemas").resolve(topic))) {
            documented = schemas.map(path -> path.getFileName().toString().replace(".schema.json", ""))
                    .collect(Collectors.toSet());
        }
        Set<String> exemplified;
        try (Stream<Path> examples =
                Files.list(contracts.root().resolve("examples").resolve(topic))) {
            exemplified = examples.map(path -> path.getFileName().toString().replace(".json", ""))
                    .collect(Collectors.toSet());
        }
        assertThat(exemplified).containsAll(documented);
    }

    @Test
    void reportsAMalformedEmailBecauseFormatsAreAsserted() {
        String example = contracts.examples("user-events").getFirst().replace("ada@example.com", "not-an-email");

        assertThat(contracts.violations("user-events", example))
                .anySatisfy(v -> assertThat(v).contains("email"));
    }

    @Test
    void reportsAFieldTheContractDoesNotHave() {
        String example = contracts
                .examples("user-events")
                .getFirst()
                .replace("\"name\": \"Ada Lovelace\",", "\"name\": \"Ada Lovelace\", \"passwordHash\": \"x\",");

        assertThatThrownBy(() -> contracts.assertValid("user-events", example)).hasMessageContaining("passwordHash");
    }

    @ParameterizedTest
    @ValueSource(strings = {"user-events", "order-events", "inventory-events", "payment-events"})
    void reportsAnEventKeyedByAnythingButItsAggregateId(String topic) {
        for (String example : contracts.examples(topic)) {
            String subject = JSON.readTree(example).path("subject").asString();
            String keyedByAnother =
                    example.replace("\"subject\": \"" + subject + "\"", "\"subject\": \"" + UUID.randomUUID() + "\"");
            assertThat(keyedByAnother).isNotEqualTo(example);

            assertThat(contracts.violations(topic, keyedByAnother))
                    .as("an example of %s with another subject", topic)
                    .anySatisfy(v -> assertThat(v).contains("not the aggregate id"));
        }
    }

    @Test
    void reportsAnEnvelopeWithoutId() {
        String example = contracts
                .examples("user-events")
                .getFirst()
                .replace("\"id\": \"5f0c2a9e-8d7b-4c55-9a7e-2f1d3c4b5a69\",", "");

        assertThat(contracts.violations("user-events", example))
                .anySatisfy(v -> assertThat(v).contains("id"));
    }

    @Test
    void reportsAnEventTypeWithoutSchema() {
        String example = contracts.examples("user-events").getFirst().replace("UserRegistered", "UserVanished");

        assertThat(contracts.violations("user-events", example))
                .singleElement()
                .asString()
                .contains("no schema");
    }
}
