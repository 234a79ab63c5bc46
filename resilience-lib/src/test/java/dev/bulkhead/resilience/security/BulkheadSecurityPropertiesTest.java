package dev.bulkhead.resilience.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.resilience.autoconfigure.ResilienceAutoConfiguration;
import dev.bulkhead.resilience.discovery.autoconfigure.LoadBalancingAutoConfiguration;
import dev.bulkhead.resilience.security.autoconfigure.ReactiveTokenSecurityAutoConfiguration;
import dev.bulkhead.resilience.security.autoconfigure.ServletTokenSecurityAutoConfiguration;
import dev.bulkhead.resilience.security.autoconfigure.TokenSecurityAutoConfiguration;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.cloud.loadbalancer.config.LoadBalancerAutoConfiguration;
import org.springframework.http.HttpMethod;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.server.SecurityWebFilterChain;

class BulkheadSecurityPropertiesTest {

    private final WebApplicationContextRunner servlet = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    ResilienceAutoConfiguration.class,
                    LoadBalancingAutoConfiguration.class,
                    LoadBalancerAutoConfiguration.class,
                    TokenSecurityAutoConfiguration.class,
                    ServletTokenSecurityAutoConfiguration.class));

    @Test
    void bindsTheNamedDefaults() {
        servlet.run(context -> {
            assertThat(context).hasNotFailed();
            BulkheadSecurityProperties security = context.getBean(BulkheadSecurityProperties.class);
            assertThat(security.jwt().issuer()).isEqualTo("bulkhead-auth");
            assertThat(security.jwt().audience()).isEqualTo("bulkhead");
            assertThat(security.jwt().algorithm()).isEqualTo("RS256");
            assertThat(security.jwt().clockSkew()).isEqualTo(Duration.ofSeconds(30));
            assertThat(security.jwt().jwksUri())
                    .as("unset: the keys come from bulkhead.services.auth through the load balancer")
                    .isNull();
            assertThat(security.revocations().pollInterval()).isEqualTo(Duration.ofSeconds(2));
            assertThat(security.adminRules())
                    .containsExactly(new AccessRule(
                            Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE),
                            "/api/v1/products/**"));
            assertThat(security.publicPaths()).contains("GET /api/v1/products/**", "POST /api/v1/auth/login");
        });
    }

    @Test
    void givesAServletApplicationAResourceServerThatStartsWhileAuthIsDown() {
        servlet.withPropertyValues("bulkhead.security.jwt.jwks-uri=http://127.0.0.1:1/.well-known/jwks.json")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).hasSingleBean(JwtDecoder.class).hasSingleBean(SecurityFilterChain.class);
                });
    }

    @Test
    void givesAReactiveApplicationTheSameRules() {
        new ReactiveWebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        ResilienceAutoConfiguration.class,
                        LoadBalancingAutoConfiguration.class,
                        LoadBalancerAutoConfiguration.class,
                        TokenSecurityAutoConfiguration.class,
                        ReactiveTokenSecurityAutoConfiguration.class))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context)
                            .hasSingleBean(ReactiveJwtDecoder.class)
                            .hasSingleBean(SecurityWebFilterChain.class)
                            .doesNotHaveBean(JwtDecoder.class);
                });
    }

    @Test
    void refusesToStartWithAnAlgorithmThatIsNotAsymmetric() {
        for (String algorithm : new String[] {"HS256", "none"}) {
            servlet.withPropertyValues("bulkhead.security.jwt.algorithm=" + algorithm)
                    .run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("asymmetric"));
        }
    }

    @Test
    void refusesToStartWithAMalformedPathRule() {
        servlet.withPropertyValues("bulkhead.security.admin-paths=FETCH /api/**")
                .run(context -> assertThat(context).hasFailed());
        servlet.withPropertyValues("bulkhead.security.public-paths=GET api/no-slash")
                .run(context -> assertThat(context).hasFailed());
    }

    @Test
    void canBeSwitchedOff() {
        servlet.withPropertyValues("bulkhead.security.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(SecurityFilterChain.class));
    }

    @Test
    void parsesRules() {
        assertThat(AccessRule.parse("/api/v1/admin/**")).isEqualTo(new AccessRule(Set.of(), "/api/v1/admin/**"));
        assertThat(AccessRule.parse("get|Post /x").methods())
                .containsExactlyInAnyOrder(HttpMethod.GET, HttpMethod.POST);
    }
}
