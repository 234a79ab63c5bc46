package dev.bulkhead.user.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulkhead.resilience.web.InvalidInput;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class ProfilePatchTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void readsNameAndAddressAndLeavesOutWhatIsNotThere() {
        var change = ProfilePatch.read(JSON.readTree("{\"address\":{\"city\":\"Oslo\",\"country\":\"NO\"}}"));

        assertThat(change.name()).isEmpty();
        assertThat(change.address()).hasValue(new Address(null, null, "Oslo", null, "NO"));
    }

    @Test
    void namesEveryFieldItRefusesAtEveryLevel() {
        assertThatThrownBy(() -> ProfilePatch.read(JSON.readTree(
                        "{\"id\":1,\"name\":\"x\",\"roles\":[],\"address\":{\"city\":\"a\",\"owner\":\"b\"}}")))
                .isInstanceOfSatisfying(
                        FieldsNotWritable.class,
                        e -> assertThat(e.fields()).containsExactlyInAnyOrder("id", "roles", "address.owner"));
    }

    @Test
    void refusesWhatIsNotAnObjectOrNotAString() {
        assertThatThrownBy(() -> ProfilePatch.read(JSON.readTree("[]"))).isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> ProfilePatch.read(JSON.readTree("{\"name\":true}")))
                .isInstanceOf(InvalidInput.class)
                .hasMessageContaining("name");
        assertThatThrownBy(() -> ProfilePatch.read(JSON.readTree("{\"address\":{\"city\":7}}")))
                .isInstanceOf(InvalidInput.class)
                .hasMessageContaining("address.city");
    }
}
