package dev.bulkhead.resilience.security.autoconfigure;

import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.JWTProcessor;
import dev.bulkhead.resilience.security.AccessRule;
import dev.bulkhead.resilience.security.BulkheadSecurityProperties;
import dev.bulkhead.resilience.security.ProblemResponses;
import dev.bulkhead.resilience.security.TokenVerification;
import java.util.List;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.actuate.web.reactive.EndpointRequest;
import org.springframework.boot.security.autoconfigure.actuate.web.reactive.ReactiveManagementWebSecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.reactive.ReactiveOAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.web.reactive.ReactiveOAuth2ResourceServerWebSecurityAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverterAdapter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.OrServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The same token rules as {@link ServletTokenSecurityAutoConfiguration}, for a reactive application
 * (the gateway): one verification, one set of public and admin paths, the same problem documents.
 */
@AutoConfiguration(
        after = TokenSecurityAutoConfiguration.class,
        before = {
            ReactiveWebSecurityAutoConfiguration.class,
            ReactiveManagementWebSecurityAutoConfiguration.class,
            ReactiveUserDetailsServiceAutoConfiguration.class,
            ReactiveOAuth2ResourceServerAutoConfiguration.class,
            ReactiveOAuth2ResourceServerWebSecurityAutoConfiguration.class
        })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass({SecurityWebFilterChain.class, ReactiveJwtDecoder.class})
@ConditionalOnBean(name = "bulkheadJwtValidator")
@EnableWebFluxSecurity
public class ReactiveTokenSecurityAutoConfiguration {

    private static final String ADMIN = "ADMIN";

    @Bean
    @ConditionalOnMissingBean
    ReactiveJwtDecoder reactiveJwtDecoder(
            @Qualifier("bulkheadJwtProcessor") JWTProcessor<SecurityContext> processor,
            @Qualifier("bulkheadJwtValidator") OAuth2TokenValidator<Jwt> validator) {
        return TokenVerification.reactiveDecoder(processor, validator);
    }

    @Bean
    @ConditionalOnMissingBean(SecurityWebFilterChain.class)
    SecurityWebFilterChain bulkheadSecurityWebFilterChain(
            ServerHttpSecurity http, ReactiveJwtDecoder decoder, BulkheadSecurityProperties security) {
        ServerAuthenticationEntryPoint unauthorized = ReactiveTokenSecurityAutoConfiguration::unauthorized;
        ServerAccessDeniedHandler forbidden = (exchange, denied) -> write(
                exchange,
                HttpStatus.FORBIDDEN,
                ProblemResponses.CHALLENGE_INSUFFICIENT,
                ProblemResponses.forbidden(path(exchange)));
        return http.csrf(ServerHttpSecurity.CsrfSpec::disable) // bearer tokens, no cookies: nothing to forge
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .authorizeExchange(authorize -> {
                    authorize
                            .matchers(EndpointRequest.to("health", "info", "prometheus"))
                            .permitAll();
                    // Metrics, loggers, the gateway's routes...: for operators, not for every signed-in user.
                    authorize.matchers(EndpointRequest.toAnyEndpoint()).hasRole(ADMIN);
                    for (AccessRule rule : security.publicRules()) {
                        authorize.matchers(matcher(rule)).permitAll();
                    }
                    for (AccessRule rule : security.adminRules()) {
                        authorize.matchers(matcher(rule)).hasRole(ADMIN);
                    }
                    authorize.anyExchange().authenticated();
                })
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .jwt(jwt -> jwt.jwtDecoder(decoder)
                                .jwtAuthenticationConverter(new ReactiveJwtAuthenticationConverterAdapter(
                                        TokenVerification.authenticationConverter())))
                        .authenticationEntryPoint(unauthorized)
                        .accessDeniedHandler(forbidden)
                        // Answer every failure, including "keys unavailable", instead of rethrowing it.
                        .authenticationFailureHandler((filterExchange, failure) ->
                                unauthorized.commence(filterExchange.getExchange(), failure)))
                .exceptionHandling(exceptions ->
                        exceptions.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden))
                .build();
    }

    private static ServerWebExchangeMatcher matcher(AccessRule rule) {
        if (rule.anyMethod()) {
            return ServerWebExchangeMatchers.pathMatchers(rule.pattern());
        }
        List<ServerWebExchangeMatcher> perMethod = rule.methods().stream()
                .map(method -> ServerWebExchangeMatchers.pathMatchers(method, rule.pattern()))
                .toList();
        return perMethod.size() == 1 ? perMethod.getFirst() : new OrServerWebExchangeMatcher(perMethod);
    }

    private static Mono<Void> unauthorized(ServerWebExchange exchange, AuthenticationException failure) {
        String path = path(exchange);
        if (failure instanceof AuthenticationServiceException) {
            return write(exchange, HttpStatus.SERVICE_UNAVAILABLE, null, ProblemResponses.keysUnavailable(path));
        }
        String challenge = failure instanceof OAuth2AuthenticationException
                ? ProblemResponses.CHALLENGE_INVALID
                : ProblemResponses.CHALLENGE_MISSING;
        return write(exchange, HttpStatus.UNAUTHORIZED, challenge, ProblemResponses.unauthorized(path));
    }

    private static String path(ServerWebExchange exchange) {
        return exchange.getRequest().getPath().value();
    }

    private static Mono<Void> write(ServerWebExchange exchange, HttpStatus status, String challenge, byte[] body) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.empty();
        }
        response.setStatusCode(status);
        HttpHeaders headers = response.getHeaders();
        if (challenge != null) {
            headers.set(HttpHeaders.WWW_AUTHENTICATE, challenge);
        }
        headers.setContentType(ProblemResponses.PROBLEM_JSON);
        headers.setContentLength(body.length);
        DataBuffer buffer = response.bufferFactory().wrap(body);
        return response.writeWith(Mono.just(buffer));
    }
}
