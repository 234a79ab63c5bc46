package dev.bulkhead.deploymentcheck.project;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The derivation the deployment tests compare against finds what is really there, so that those
 * comparisons can never pass by finding nothing.
 */
class CallGraphTest {

    @Test
    void everyApplicationHasAPortOfItsOwn() {
        var ports = new TreeSet<Integer>();
        Applications.all()
                .forEach(a -> assertThat(ports.add(a.port()))
                        .as("%s port %d is its own", a, a.port())
                        .isTrue());
        assertThat(Applications.all()).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void everyFeignClientTakesItsUrlFromAnAddressItsApplicationDeclares() {
        for (Application application : Applications.all()) {
            var properties = new TreeSet<String>();
            Addresses.of(application, Map.of()).forEach(a -> properties.add(RelaxedNames.ofProperty(a.property())));
            for (String property : SourceScan.feignUrlProperties(application)) {
                assertThat(properties)
                        .as(
                                "%s's Feign client URL %s has a localhost default, so the call graph sees it",
                                application, property)
                        .contains(RelaxedNames.ofProperty(property));
            }
        }
    }

    @Test
    void theGatewayRoutesToEveryOtherApplication() {
        var gateway = Applications.named("gateway");
        var targets = new TreeSet<String>();
        Addresses.targets(gateway, Map.of()).forEach(t -> {
            if (t instanceof Address.App app) targets.add(app.application().module());
        });
        var others = new TreeSet<String>();
        Applications.all().stream().filter(a -> a != gateway).forEach(a -> others.add(a.module()));
        assertThat(targets)
                .as("applications the gateway's configuration points at")
                .isEqualTo(others);
    }

    @Test
    void everyApplicationThatVerifiesTokensCallsTheOneThatIssuesThem() {
        for (Application application : Applications.all()) {
            if (application.sourcesContain("/.well-known/jwks.json")) continue; // the issuer checks its own tokens
            assertThat(Addresses.targets(application, Map.of()))
                    .as("%s fetches the JWKS and the denylist from auth-service", application)
                    .anyMatch(t ->
                            t instanceof Address.App app && app.application().sourcesContain("/.well-known/jwks.json"));
        }
    }

    @Test
    void findsTheTopicsTheCodeListensTo() {
        var topics = new TreeSet<String>();
        Applications.all().forEach(a -> topics.addAll(SourceScan.consumedTopics(a)));
        assertThat(topics).as("topics read by @KafkaListener").isNotEmpty().allMatch(t -> !t.isBlank());
    }

    @Test
    void relaxedNamesMapEnvironmentVariablesOntoProperties() {
        assertThat(RelaxedNames.sets("SPRING_DATA_REDIS_HOST", "spring.data.redis.host"))
                .isTrue();
        assertThat(RelaxedNames.sets("BULKHEAD_CLIENTS_PAYMENTPROVIDER_URL", "bulkhead.clients.payment-provider.url"))
                .isTrue();
        assertThat(RelaxedNames.sets("BULKHEAD_AUTH_KEYS_0_PRIVATEKEY", "bulkhead.auth.keys[0].private-key"))
                .isTrue();
        assertThat(RelaxedNames.sets("BULKHEAD_CLIENT_PAYMENTPROVIDER_URL", "bulkhead.clients.payment-provider.url"))
                .isFalse();
    }
}
