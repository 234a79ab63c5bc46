package dev.bulkhead.inventory.product;

import static dev.bulkhead.testsupport.http.ProblemAssertions.assertThatProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.inventory.InventoryIntegration;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * The catalogue over HTTP: anyone reads it, with strong ETags and a short Cache-Control so an
 * unchanged product costs a 304; only admins write it, and a refused write changes nothing.
 */
class ProductCatalogueIT extends InventoryIntegration {

    private static final String PRODUCTS = "/api/v1/products";

    @Test
    void showsAProductWithItsPriceAsADecimalString() throws Exception {
        UUID id = createProduct("Mechanical keyboard", "89.5", 7);

        var response = get(PRODUCTS + "/" + id, Map.of());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode product = json(response);
        assertThat(product.path("id").asString()).isEqualTo(id.toString());
        assertThat(product.path("name").asString()).isEqualTo("Mechanical keyboard");
        assertThat(product.path("price").path("amount").asString()).isEqualTo("89.50");
        assertThat(product.path("price").path("currency").asString()).isEqualTo("EUR");
        assertThat(product.path("stock").asInt()).isEqualTo(7);
        assertThat(product.has("reserved"))
                .as("reserved units are inventory's business")
                .isFalse();
    }

    @Test
    void listsProductsPageByPageWithTheTotal() throws Exception {
        UUID a = createProduct("Paged A", "1.00", 1);
        UUID b = createProduct("Paged B", "2.00", 2);
        UUID c = createProduct("Paged C", "3.00", 3);
        String ids = a + "," + b + "," + c;

        JsonNode first = json(get(PRODUCTS + "?ids=" + ids + "&size=2", Map.of()));
        JsonNode second = json(get(PRODUCTS + "?ids=" + ids + "&size=2&page=1", Map.of()));

        assertThat(first.path("page").asInt()).isZero();
        assertThat(first.path("size").asInt()).isEqualTo(2);
        assertThat(first.path("total").asLong()).isEqualTo(3);
        assertThat(idsOf(first)).containsExactly(a.toString(), b.toString());
        assertThat(second.path("page").asInt()).isOne();
        assertThat(idsOf(second)).containsExactly(c.toString());

        JsonNode all = json(get(PRODUCTS + "?size=1", Map.of()));
        assertThat(all.path("items").size()).isOne();
        assertThat(all.path("total").asLong()).isGreaterThanOrEqualTo(3);
        JsonNode beyond = json(get(PRODUCTS + "?page=100000", Map.of()));
        assertThat(beyond.path("items").isEmpty()).isTrue();
        assertThat(beyond.path("size").asInt()).as("the default page size").isEqualTo(20);
    }

    @Test
    void findsTheProductsOfAnOrderInOneCallByTheirIds() throws Exception {
        UUID keyboard = createProduct("Ids keyboard", "89.00", 5);
        UUID mouse = createProduct("Ids mouse", "49.90", 5);
        createProduct("Ids not asked for", "1.00", 5);

        var response = get(PRODUCTS + "?ids=" + mouse + "," + UUID.randomUUID() + "," + keyboard, Map.of());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode page = json(response);
        assertThat(idsOf(page)).containsExactlyInAnyOrder(keyboard.toString(), mouse.toString());
        assertThat(page.path("total").asLong()).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0} -> 400")
    @ValueSource(
            strings = {
                "?size=101",
                "?size=0",
                "?page=-1",
                "?page=abc",
                "?size=ten",
                "?ids=not-a-uuid",
                "?ids=",
            })
    void refusesBadPagingAndFilterValuesWithAProblem(String query) throws Exception {
        var response = get(PRODUCTS + query, Map.of());

        assertThatProblem(response)
                .hasStatus(400)
                .hasType("invalid-request")
                .hasErrorsOn(query.substring(1, query.indexOf('=')));
    }

    @Test
    void answersNotModifiedWithoutABodyWhileTheETagMatches() throws Exception {
        UUID id = createProduct("Cached keyboard", "89.00", 4);

        var first = get(PRODUCTS + "/" + id, Map.of());
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertThat(etag).as("a strong ETag").startsWith("\"").doesNotStartWith("W/");
        assertThat(first.headers().firstValue("Cache-Control").orElseThrow())
                .contains("max-age=5")
                .contains("must-revalidate");

        var again = get(PRODUCTS + "/" + id, Map.of("If-None-Match", etag));

        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(again.headers().firstValue("ETag")).hasValue(etag);
        assertThat(again.headers().firstValue("Cache-Control").orElseThrow()).contains("max-age=5");
        assertThat(get(PRODUCTS + "/" + id, Map.of("If-None-Match", "\"something-else\""))
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void tagsTheListToo() throws Exception {
        UUID id = createProduct("Listed keyboard", "89.00", 4);
        String query = PRODUCTS + "?ids=" + id;

        var first = get(query, Map.of());
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertThat(first.headers().firstValue("Cache-Control").orElseThrow()).contains("max-age=5");

        assertThat(get(query, Map.of("If-None-Match", etag)).statusCode()).isEqualTo(304);

        changeStock(id, 1);
        var changed = get(query, Map.of("If-None-Match", etag));
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.headers().firstValue("ETag")).isPresent().get().isNotEqualTo(etag);
    }

    @Test
    void changesTheETagWhenTheProductChanges() throws Exception {
        UUID id = createProduct("Changing keyboard", "89.00", 4);
        String before =
                get(PRODUCTS + "/" + id, Map.of()).headers().firstValue("ETag").orElseThrow();

        var put = put(
                id, "{\"name\":\"Changing keyboard\",\"price\":{\"amount\":\"79.00\",\"currency\":\"EUR\"}}", Map.of());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);

        var after = get(PRODUCTS + "/" + id, Map.of("If-None-Match", before));
        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(json(after).path("price").path("amount").asString()).isEqualTo("79.00");
        String changed = after.headers().firstValue("ETag").orElseThrow();
        assertThat(changed).isNotEqualTo(before);
        assertThat(put.headers().firstValue("ETag")).hasValue(changed);

        changeStock(id, -1);
        assertThat(get(PRODUCTS + "/" + id, Map.of("If-None-Match", changed)).statusCode())
                .as("stock is part of the representation")
                .isEqualTo(200);
    }

    @Test
    void refusesAChangeBasedOnAStaleETagAndKeepsTheNewerState() throws Exception {
        UUID id = createProduct("Contested keyboard", "89.00", 4);
        String read =
                get(PRODUCTS + "/" + id, Map.of()).headers().firstValue("ETag").orElseThrow();
        var first = put(id, body("Contested keyboard", "85.00"), Map.of("If-Match", read));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);

        var second = put(id, body("Contested keyboard", "99.00"), Map.of("If-Match", read));

        assertThat(second.statusCode()).isEqualTo(412);
        assertProblem(second);
        assertThat(json(get(PRODUCTS + "/" + id, Map.of()))
                        .path("price")
                        .path("amount")
                        .asString())
                .isEqualTo("85.00");
        String current = first.headers().firstValue("ETag").orElseThrow();
        assertThat(put(id, body("Contested keyboard", "99.00"), Map.of("If-Match", current))
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void onlyAdminsWrite() throws Exception {
        String body = "{\"name\":\"Guarded\",\"price\":{\"amount\":\"1.00\",\"currency\":\"EUR\"},\"stock\":1}";
        int before = count("select count(*) from product");

        var anonymous = send("POST", PRODUCTS, null, body, Map.of());
        var user = send("POST", PRODUCTS, auth.user(), body, Map.of());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(user.statusCode()).isEqualTo(403);
        assertThat(count("select count(*) from product")).isEqualTo(before);

        var admin = send("POST", PRODUCTS, auth.admin(), body, Map.of());
        assertThat(admin.statusCode()).as(admin.body()).isEqualTo(201);
        String location = admin.headers().firstValue("Location").orElseThrow();
        assertThat(location).isEqualTo(PRODUCTS + "/" + json(admin).path("id").asString());
        assertThat(json(get(location, Map.of())).path("name").asString()).isEqualTo("Guarded");

        UUID id = UUID.fromString(json(admin).path("id").asString());
        assertThat(send("PUT", PRODUCTS + "/" + id, auth.user(), body("Hijacked", "0.01"), Map.of())
                        .statusCode())
                .isEqualTo(403);
        assertThat(send("POST", PRODUCTS + "/" + id + "/stock", auth.user(), "{\"delta\":5}", Map.of())
                        .statusCode())
                .isEqualTo(403);
        assertThat(send("POST", PRODUCTS + "/" + id + "/stock", null, "{\"delta\":5}", Map.of())
                        .statusCode())
                .isEqualTo(401);
        assertThat(json(get(location, Map.of())).path("stock").asInt()).isOne();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "{\"name\":\"  \",\"price\":{\"amount\":\"1.00\",\"currency\":\"EUR\"},\"stock\":1}",
                "{\"name\":\"No price\",\"stock\":1}",
                "{\"name\":\"Fractions\",\"price\":{\"amount\":\"1.005\",\"currency\":\"EUR\"},\"stock\":1}",
                "{\"name\":\"Negative\",\"price\":{\"amount\":\"-1.00\",\"currency\":\"EUR\"},\"stock\":1}",
                "{\"name\":\"Dollars\",\"price\":{\"amount\":\"1.00\",\"currency\":\"USD\"},\"stock\":1}",
                "{\"name\":\"Negative stock\",\"price\":{\"amount\":\"1.00\",\"currency\":\"EUR\"},\"stock\":-1}",
                "{\"name\":\"No stock\",\"price\":{\"amount\":\"1.00\",\"currency\":\"EUR\"}}",
                "{\"name\":\"Not JSON\"",
                "[]"
            })
    void refusesAnInvalidProductAndCreatesNothing(String body) throws Exception {
        int before = count("select count(*) from product");

        var response = send("POST", PRODUCTS, auth.admin(), body, Map.of());

        assertThatProblem(response).hasStatus(400).hasType("invalid-request");
        assertThat(count("select count(*) from product")).isEqualTo(before);
    }

    @Test
    void namesEveryBrokenRuleOfABody() throws Exception {
        var response = send(
                "POST",
                PRODUCTS,
                auth.admin(),
                "{\"name\":\"\",\"price\":{\"amount\":\"1.005\",\"currency\":\"USD\"},\"stock\":-1}",
                Map.of());

        assertThatProblem(response)
                .hasStatus(400)
                .hasType("invalid-request")
                .hasErrorsOn("name", "price.amount", "price.currency", "stock");
    }

    @Test
    void refusesAnInvalidChangeAndKeepsTheProduct() throws Exception {
        UUID id = createProduct("Steady keyboard", "89.00", 4);
        String before = get(PRODUCTS + "/" + id, Map.of()).body();

        var response = put(id, "{\"name\":\"\",\"price\":{\"amount\":\"1\",\"currency\":\"EUR\"}}", Map.of());

        assertThatProblem(response).hasStatus(400).hasType("invalid-request");
        assertThat(get(PRODUCTS + "/" + id, Map.of()).body()).isEqualTo(before);
    }

    @Test
    void addsAndRemovesStockButNeverBelowZero() throws Exception {
        UUID id = createProduct("Stocked keyboard", "89.00", 10);

        var added = changeStock(id, 5);
        assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
        assertThat(json(added).path("stock").asInt()).isEqualTo(15);

        var tooMany = changeStock(id, -16);
        assertThat(tooMany.statusCode()).isEqualTo(409);
        assertProblem(tooMany);
        assertThat(json(tooMany).path("type").asString()).endsWith("/insufficient-stock");
        assertThat(json(tooMany).path("available").asInt()).isEqualTo(15);
        assertThat(units(id)).isEqualTo(new Units(15, 0));

        assertThat(json(changeStock(id, -15)).path("stock").asInt()).isZero();
        assertThat(send("POST", PRODUCTS + "/" + id + "/stock", auth.admin(), "{}", Map.of())
                        .statusCode())
                .isEqualTo(400);
    }

    @Test
    void answersNotFoundForAnUnknownProduct() throws Exception {
        var response = get(PRODUCTS + "/" + UUID.randomUUID(), Map.of());

        assertThat(response.statusCode()).isEqualTo(404);
        assertProblem(response);
        assertThat(json(response).path("title").asString()).isEqualTo("Product not found");
        assertThat(put(UUID.randomUUID(), body("Ghost", "1.00"), Map.of()).statusCode())
                .isEqualTo(404);
        assertThat(changeStock(UUID.randomUUID(), 1).statusCode()).isEqualTo(404);
        assertThat(get(PRODUCTS + "/not-a-uuid", Map.of()).statusCode()).isEqualTo(400);
    }

    // --- helpers ---------------------------------------------------------------------------

    private HttpResponse<String> put(UUID id, String body, Map<String, String> headers) throws Exception {
        return send("PUT", PRODUCTS + "/" + id, auth.admin(), body, headers);
    }

    private HttpResponse<String> changeStock(UUID id, int delta) throws Exception {
        return send("POST", PRODUCTS + "/" + id + "/stock", auth.admin(), "{\"delta\":" + delta + "}", Map.of());
    }

    private static String body(String name, String amount) {
        return "{\"name\":\"%s\",\"price\":{\"amount\":\"%s\",\"currency\":\"EUR\"}}".formatted(name, amount);
    }

    private static java.util.List<String> idsOf(JsonNode page) {
        return page.path("items")
                .valueStream()
                .map(item -> item.path("id").asString())
                .toList();
    }

    private static void assertProblem(HttpResponse<String> response) {
        assertThatProblem(response);
    }
}
