package dev.bulkhead.payment;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import dev.bulkhead.testsupport.http.TestHttp;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/**
 * The simulator's mapping files (tooling/payment-provider/mappings) answer each test token as the
 * provider's API promises — the same files the dev stack's WireMock serves.
 */
class PaymentProviderSimulatorTest {

    private static final WireMockServer provider = ProviderSimulator.start();
    private static final int SAGA_DEADLINE_MILLIS = 30_000;

    @AfterAll
    static void stop() {
        provider.stop();
    }

    @Test
    void approvesTokOkWithAChargeIdThatEchoesTheReference() throws Exception {
        String reference = UUID.randomUUID().toString();

        var response = post("/v1/charges", reference, charge("tok_ok", reference));

        assertThat(response.statusCode()).isEqualTo(201);
        JsonNode body = SagaEvents.JSON.readTree(response.body());
        assertThat(body.path("id").asString()).isEqualTo("ch_" + reference);
        assertThat(body.path("status").asString()).isEqualTo("succeeded");
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource({
        "tok_declined, 402, card_declined",
        "tok_error, 503, service_unavailable",
        "tok_stolen, 402, invalid_token"
    })
    void answersTheFailingTokensWithTheirErrors(String token, int status, String code) throws Exception {
        String reference = UUID.randomUUID().toString();

        var response = post("/v1/charges", reference, charge(token, reference));

        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(SagaEvents.JSON
                        .readTree(response.body())
                        .path("error")
                        .path("code")
                        .asString())
                .isEqualTo(code);
    }

    @Test
    void refusesAChargeWithoutAnIdempotencyKey() throws Exception {
        var response = post("/v1/charges", null, charge("tok_ok", "r-1"));

        assertThat(response.statusCode()).isEqualTo(400);
    }

    @Test
    void refundsAChargeWithARefundIdThatEchoesTheReference() throws Exception {
        String reference = UUID.randomUUID().toString();

        var response = post(
                "/v1/refunds",
                "refund-" + reference,
                "{\"charge\":\"ch_%s\",\"amountMinor\":17800,\"reference\":\"%s\"}".formatted(reference, reference));

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(SagaEvents.JSON.readTree(response.body()).path("id").asString())
                .isEqualTo("re_" + reference);
    }

    @Test
    void approvesTokSlowOnlyAfterTheSagaDeadline() {
        // Read from the mapping rather than waited for: 35 s is the point, and no test should sit through it.
        StubMapping slow = provider.listAllStubMappings().getMappings().stream()
                .filter(mapping -> String.valueOf(mapping.getName()).contains("(tok_slow)"))
                .findFirst()
                .orElseThrow();

        assertThat(slow.getResponse().getStatus()).isEqualTo(201);
        assertThat(slow.getResponse().getFixedDelayMilliseconds()).isGreaterThan(SAGA_DEADLINE_MILLIS);
    }

    private static String charge(String token, String reference) {
        return "{\"amountMinor\":17800,\"currency\":\"EUR\",\"token\":\"%s\",\"reference\":\"%s\"}"
                .formatted(token, reference);
    }

    private HttpResponse<String> post(String path, String idempotencyKey, String body) {
        TestHttp http = TestHttp.at(provider.baseUrl());
        return idempotencyKey == null
                ? http.send("POST", path, body)
                : http.send("POST", path, body, "Idempotency-Key", idempotencyKey);
    }
}
