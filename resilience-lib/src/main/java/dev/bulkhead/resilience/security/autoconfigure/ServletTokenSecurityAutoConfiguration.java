package dev.bulkhead.resilience.security.autoconfigure;

import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.JWTProcessor;
import dev.bulkhead.resilience.security.AccessRule;
import dev.bulkhead.resilience.security.BulkheadSecurityProperties;
import dev.bulkhead.resilience.security.ProblemResponses;
import dev.bulkhead.resilience.security.TokenVerification;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.web.OAuth2ResourceServerWebSecurityAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Every domain service is a resource server by having resilience-lib and Spring Security on its
 * classpath: tokens verified locally (keys from the JWKS, cached; no call per request), actuator
 * health, info and prometheus open, {@code public-paths} open, {@code admin-paths} for
 * {@code ROLE_ADMIN}, everything else for any valid token; 401 and 403 as problem documents.
 */
@AutoConfiguration(
        after = TokenSecurityAutoConfiguration.class,
        before = {
            SecurityAutoConfiguration.class,
            ServletWebSecurityAutoConfiguration.class,
            ManagementWebSecurityAutoConfiguration.class,
            UserDetailsServiceAutoConfiguration.class,
            OAuth2ResourceServerAutoConfiguration.class,
            OAuth2ResourceServerWebSecurityAutoConfiguration.class
        })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({SecurityFilterChain.class, BearerTokenAuthenticationFilter.class})
@ConditionalOnBean(name = "bulkheadJwtValidator")
@EnableWebSecurity
public class ServletTokenSecurityAutoConfiguration {

    private static final String ADMIN = "ADMIN";

    @Bean
    @ConditionalOnMissingBean
    JwtDecoder jwtDecoder(
            @Qualifier("bulkheadJwtProcessor") JWTProcessor<SecurityContext> processor,
            @Qualifier("bulkheadJwtValidator") OAuth2TokenValidator<Jwt> validator) {
        return TokenVerification.decoder(processor, validator);
    }

    @Bean
    @ConditionalOnMissingBean(SecurityFilterChain.class)
    SecurityFilterChain bulkheadSecurityFilterChain(
            HttpSecurity http, JwtDecoder decoder, BulkheadSecurityProperties security) throws Exception {
        AuthenticationEntryPoint unauthorized = ServletTokenSecurityAutoConfiguration::unauthorized;
        AccessDeniedHandler forbidden = (request, response, denied) -> write(
                response,
                HttpStatus.FORBIDDEN,
                ProblemResponses.CHALLENGE_INSUFFICIENT,
                ProblemResponses.forbidden(request.getRequestURI()));
        http.csrf(AbstractHttpConfigurer::disable) // bearer tokens, no cookies: nothing to forge
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(authorize -> {
                    authorize
                            .requestMatchers(EndpointRequest.to("health", "info", "prometheus"))
                            .permitAll();
                    // Metrics, loggers, the gateway's routes...: for operators, not for every signed-in user.
                    authorize.requestMatchers(EndpointRequest.toAnyEndpoint()).hasRole(ADMIN);
                    // Spring Boot's error page renders what a permitted request failed with.
                    authorize.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll();
                    for (AccessRule rule : security.publicRules()) {
                        authorize.requestMatchers(matcher(rule)).permitAll();
                    }
                    for (AccessRule rule : security.adminRules()) {
                        authorize.requestMatchers(matcher(rule)).hasRole(ADMIN);
                    }
                    authorize.anyRequest().authenticated();
                })
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .jwt(jwt -> jwt.decoder(decoder)
                                .jwtAuthenticationConverter(TokenVerification.authenticationConverter()))
                        .authenticationEntryPoint(unauthorized)
                        .accessDeniedHandler(forbidden)
                        .withObjectPostProcessor(new ObjectPostProcessor<BearerTokenAuthenticationFilter>() {
                            @Override
                            public <O extends BearerTokenAuthenticationFilter> O postProcess(O filter) {
                                // Answer every failure, including "keys unavailable", instead of rethrowing it.
                                filter.setAuthenticationFailureHandler(unauthorized::commence);
                                return filter;
                            }
                        }))
                .exceptionHandling(exceptions ->
                        exceptions.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden));
        return http.build();
    }

    private static RequestMatcher matcher(AccessRule rule) {
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        if (rule.anyMethod()) {
            return paths.matcher(rule.pattern());
        }
        List<RequestMatcher> perMethod = rule.methods().stream()
                .map(method -> (RequestMatcher) paths.matcher(method, rule.pattern()))
                .toList();
        return perMethod.size() == 1 ? perMethod.getFirst() : new OrRequestMatcher(perMethod);
    }

    private static void unauthorized(
            HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
            throws IOException {
        String path = request.getRequestURI();
        if (failure instanceof AuthenticationServiceException) {
            write(response, HttpStatus.SERVICE_UNAVAILABLE, null, ProblemResponses.keysUnavailable(path));
        } else if (failure instanceof OAuth2AuthenticationException) {
            write(
                    response,
                    HttpStatus.UNAUTHORIZED,
                    ProblemResponses.CHALLENGE_INVALID,
                    ProblemResponses.unauthorized(path));
        } else {
            write(
                    response,
                    HttpStatus.UNAUTHORIZED,
                    ProblemResponses.CHALLENGE_MISSING,
                    ProblemResponses.unauthorized(path));
        }
    }

    private static void write(HttpServletResponse response, HttpStatus status, String challenge, byte[] body)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.setStatus(status.value());
        if (challenge != null) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge);
        }
        response.setContentType(ProblemResponses.PROBLEM_JSON.toString());
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.flushBuffer();
    }
}
