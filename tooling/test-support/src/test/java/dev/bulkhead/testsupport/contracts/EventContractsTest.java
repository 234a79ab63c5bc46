package dev.bulkhead.testsupport.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EventContractsTest {

    private final EventContracts contracts = EventContracts.ofRepository();

    @Test
    void everyExampleOfUserEventsMatchesItsSchema() {
        assertThat(contracts.examples("user-events"))
                .isNotEmpty()
                .allSatisfy(example ->
                        assertThat(contracts.violations("user-events", example)).isEmpty());
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
