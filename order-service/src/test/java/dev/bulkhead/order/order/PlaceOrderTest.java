package dev.bulkhead.order.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulkhead.resilience.web.InvalidInput;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlaceOrderTest {

    private static final UUID A = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    private static final UUID B = UUID.fromString("00000000-0000-0000-0000-00000000000b");

    @Test
    void fingerprintsTheSameRequestAlikeWhateverTheOrderOfItsLines() {
        var ab = new PlaceOrder(List.of(new PlaceOrder.Line(A, 1), new PlaceOrder.Line(B, 2)), "tok_ok");
        var ba = new PlaceOrder(List.of(new PlaceOrder.Line(B, 2), new PlaceOrder.Line(A, 1)), "tok_ok");

        assertThat(ab.fingerprint()).isEqualTo(ba.fingerprint()).hasSize(64);
    }

    @Test
    void fingerprintsADifferentQuantityProductOrTokenDifferently() {
        var original = new PlaceOrder(List.of(new PlaceOrder.Line(A, 1)), "tok_ok");

        assertThat(original.fingerprint())
                .isNotEqualTo(new PlaceOrder(List.of(new PlaceOrder.Line(A, 2)), "tok_ok").fingerprint())
                .isNotEqualTo(new PlaceOrder(List.of(new PlaceOrder.Line(B, 1)), "tok_ok").fingerprint())
                .isNotEqualTo(new PlaceOrder(List.of(new PlaceOrder.Line(A, 1)), "tok_declined").fingerprint());
    }

    @Test
    void refusesAProductListedTwiceNamingIt() {
        var twice = new PlaceOrder(
                List.of(new PlaceOrder.Line(A, 1), new PlaceOrder.Line(B, 1), new PlaceOrder.Line(A, 3)), "tok_ok");

        assertThatThrownBy(twice::requireDistinctProducts)
                .isInstanceOfSatisfying(
                        InvalidInput.class,
                        e -> assertThat(e.violations()).singleElement().satisfies(violation -> {
                            assertThat(violation.field()).isEqualTo("items");
                            assertThat(violation.message()).contains(A.toString());
                        }));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "with space", "tab\tinside", "ü-not-ascii"})
    void refusesAnIdempotencyKeyThatIsEmptyOrNotVisibleAscii(String key) {
        assertThatThrownBy(() -> IdempotencyKey.of(key)).isInstanceOf(InvalidIdempotencyKey.class);
    }

    @Test
    void acceptsAnIdempotencyKeyOfUpTo255VisibleCharactersAndRefusesLongerOnes() {
        assertThat(IdempotencyKey.of("x".repeat(255)).value()).hasSize(255);
        assertThat(IdempotencyKey.of(UUID.randomUUID().toString())).isNotNull();
        assertThatThrownBy(() -> IdempotencyKey.of("x".repeat(256))).isInstanceOf(InvalidIdempotencyKey.class);
        assertThatThrownBy(() -> IdempotencyKey.of(null))
                .isInstanceOf(InvalidIdempotencyKey.class)
                .hasMessageContaining("required");
    }
}
