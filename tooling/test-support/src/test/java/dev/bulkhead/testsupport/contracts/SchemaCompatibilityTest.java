package dev.bulkhead.testsupport.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The CI check that a changed event schema stays readable by the last release's consumers, and back. */
class SchemaCompatibilityTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path contracts = EventContracts.ofRepository().root();

    @Test
    void everyReleasedSchemaIsStillReadableBothWays() {
        Path released = contracts.resolve("released").resolve("schemas");
        assertThat(released)
                .as("the last release's schemas, kept in the repository")
                .isDirectory();

        assertThat(SchemaCompatibility.breaks(released, contracts.resolve("schemas")))
                .as("breaks against contracts/released (a break is a new version: <Type>.v2.schema.json)")
                .isEmpty();
    }

    @Test
    void findsEveryKindOfBreakAndAllowsANewOptionalFieldAndANewDescription() throws Exception {
        JsonNode released = JSON.readTree(
                Files.readString(contracts.resolve("schemas/order-events/OrderCancelled.v1.schema.json")));

        assertThat(SchemaCompatibility.breaks("OrderCancelled", released, released))
                .isEmpty();

        ObjectNode newOptionalField = (ObjectNode) released.deepCopy();
        ((ObjectNode) data(newOptionalField).get("properties"))
                .putObject("note")
                .put("type", "string");
        ((ObjectNode) data(newOptionalField).get("properties").get("reason")).put("description", "why");
        assertThat(SchemaCompatibility.breaks("OrderCancelled", released, newOptionalField))
                .isEmpty();

        ObjectNode newRequired = newOptionalField.deepCopy();
        ((ArrayNode) data(newRequired).get("required")).add("note");
        assertThat(SchemaCompatibility.breaks("OrderCancelled", released, newRequired))
                .singleElement()
                .asString()
                .contains("data.note is newly required");

        ObjectNode newReason = (ObjectNode) released.deepCopy();
        ((ArrayNode) data(newReason).get("properties").get("reason").get("enum")).add("FRAUD");
        assertThat(SchemaCompatibility.breaks("OrderCancelled", released, newReason))
                .singleElement()
                .asString()
                .contains("data.reason changed");

        ObjectNode removed = (ObjectNode) released.deepCopy();
        ((ObjectNode) data(removed).get("properties")).remove("userId");
        ArrayNode required = (ArrayNode) data(removed).get("required");
        for (int i = required.size() - 1; i >= 0; i--) {
            if (required.get(i).asString().equals("userId")) required.remove(i);
        }
        assertThat(SchemaCompatibility.breaks("OrderCancelled", released, removed))
                .anySatisfy(line -> assertThat(line).contains("data.userId was removed"))
                .anySatisfy(line -> assertThat(line).contains("data.userId is no longer required"));
    }

    private static ObjectNode data(ObjectNode schema) {
        return (ObjectNode) schema.get("properties").get("data");
    }
}
