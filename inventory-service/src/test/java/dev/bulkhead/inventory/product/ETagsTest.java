package dev.bulkhead.inventory.product;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ETagsTest {

    @Test
    void tagsAreStrongQuotedAndFollowTheContent() {
        String tag = ETags.of("a", 1);

        assertThat(tag).startsWith("\"").endsWith("\"").doesNotStartWith("W/");
        assertThat(ETags.of("a", 1)).isEqualTo(tag);
        assertThat(ETags.of("a", 2)).isNotEqualTo(tag);
        assertThat(ETags.of("ab", "c")).isNotEqualTo(ETags.of("a", "bc"));
        assertThat(ETags.of((Object) null)).isNotEqualTo(ETags.of("null"));
    }

    @Test
    void ifMatchAdmitsTheCurrentTagOrAnyButNeverAWeakOne() {
        String current = ETags.of("x");

        assertThat(ETags.ifMatchAdmits(null, current)).isTrue();
        assertThat(ETags.ifMatchAdmits("*", current)).isTrue();
        assertThat(ETags.ifMatchAdmits("\"other\", " + current, current)).isTrue();
        assertThat(ETags.ifMatchAdmits("\"other\"", current)).isFalse();
        assertThat(ETags.ifMatchAdmits("W/" + current, current)).isFalse();
    }
}
