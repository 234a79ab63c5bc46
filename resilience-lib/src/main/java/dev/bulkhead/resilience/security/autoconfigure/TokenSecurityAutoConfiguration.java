package dev.bulkhead.resilience.security.autoconfigure;

import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.JWTProcessor;
import dev.bulkhead.resilience.ResilienceProperties;
import dev.bulkhead.resilience.autoconfigure.ResilienceAutoConfiguration;
import dev.bulkhead.resilience.discovery.ServiceCalls;
import dev.bulkhead.resilience.discovery.autoconfigure.LoadBalancingAutoConfiguration;
import dev.bulkhead.resilience.security.BulkheadSecurityProperties;
import dev.bulkhead.resilience.security.PollingRevocationList;
import dev.bulkhead.resilience.security.RevocationList;
import dev.bulkhead.resilience.security.TokenVerification;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * What the servlet and reactive chains share: the settings, the denylist, the signature check and
 * the claim checks. Present only where Spring Security's JOSE support is on the classpath.
 */
@AutoConfiguration(after = {ResilienceAutoConfiguration.class, LoadBalancingAutoConfiguration.class})
@ConditionalOnClass({JwtDecoder.class, JWTProcessor.class})
@ConditionalOnWebApplication
@ConditionalOnBooleanProperty(name = TokenSecurityAutoConfiguration.ENABLED, matchIfMissing = true)
@EnableConfigurationProperties(BulkheadSecurityProperties.class)
public class TokenSecurityAutoConfiguration {

    /** {@code false} switches every part of token validation off (for an application that brings its own). */
    public static final String ENABLED = "bulkhead.security.enabled";

    @Bean
    @ConditionalOnMissingBean
    RevocationList revocationList(
            BulkheadSecurityProperties security,
            ResilienceProperties resilience,
            Clock clock,
            ObjectProvider<ServiceCalls> calls) {
        if (!security.revocations().enabled()) {
            return RevocationList.NONE;
        }
        return new PollingRevocationList(
                security.revocations(),
                security.jwt(),
                clock,
                resilience.http().connectTimeout(),
                resilience.http().readTimeout(),
                calls.getIfAvailable());
    }

    @Bean
    @ConditionalOnMissingBean(name = "bulkheadJwtProcessor")
    JWTProcessor<SecurityContext> bulkheadJwtProcessor(
            BulkheadSecurityProperties security, ResilienceProperties resilience, ObjectProvider<ServiceCalls> calls) {
        return TokenVerification.processor(
                security.jwt(),
                resilience.http().connectTimeout(),
                resilience.http().readTimeout(),
                calls.getIfAvailable());
    }

    @Bean
    @ConditionalOnMissingBean(name = "bulkheadJwtValidator")
    OAuth2TokenValidator<Jwt> bulkheadJwtValidator(
            BulkheadSecurityProperties security, Clock clock, RevocationList revocations) {
        return TokenVerification.validator(security.jwt(), clock, revocations);
    }
}
