package dev.bulkhead.resilience.http;

import dev.bulkhead.resilience.ResilienceProperties;
import dev.bulkhead.resilience.autoconfigure.ResilienceAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Every {@code RestClient.Builder} and {@code WebClient.Builder} Spring Boot hands out logs and counts
 * its timeouts ({@link DownstreamTimeouts}); the timeouts themselves are the platform's ({@code
 * bulkhead.resilience.http.*}, applied through {@code spring.http.clients.*}).
 */
@AutoConfiguration(after = ResilienceAutoConfiguration.class)
public class HttpClientTimeoutsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    DownstreamTimeouts downstreamTimeouts(ObjectProvider<MeterRegistry> meters) {
        return new DownstreamTimeouts(meters.getIfAvailable(() -> Metrics.globalRegistry));
    }

    static String limit(ResilienceProperties properties) {
        return "connect " + properties.http().connectTimeout().toMillis() + " ms, read "
                + properties.http().readTimeout().toMillis() + " ms unless the client sets its own";
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(RestClientCustomizer.class)
    static class RestClientTimeouts {

        @Bean
        RestClientCustomizer bulkheadRestClientTimeouts(DownstreamTimeouts timeouts, ResilienceProperties properties) {
            TimeoutRecordingInterceptor interceptor = new TimeoutRecordingInterceptor(timeouts, limit(properties));
            return builder -> builder.requestInterceptor(interceptor);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(WebClientCustomizer.class)
    static class WebClientTimeouts {

        @Bean
        WebClientCustomizer bulkheadWebClientTimeouts(DownstreamTimeouts timeouts, ResilienceProperties properties) {
            TimeoutRecordingFilter filter = new TimeoutRecordingFilter(timeouts, limit(properties));
            return builder -> builder.filter(filter);
        }
    }
}
