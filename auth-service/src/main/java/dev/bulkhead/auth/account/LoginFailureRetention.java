package dev.bulkhead.auth.account;

import dev.bulkhead.resilience.retention.Retention;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Failures older than the back-off's forget-after window count for nothing: resilience-lib's sweep deletes them. */
@Configuration(proxyBeanMethods = false)
class LoginFailureRetention {

    @Bean
    Retention forgottenLoginFailures(LoginBackOffSettings settings) {
        return new Retention("login_failure", "last_failed_at", settings.forgetAfter());
    }
}
