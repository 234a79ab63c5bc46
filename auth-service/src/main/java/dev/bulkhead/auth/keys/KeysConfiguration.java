package dev.bulkhead.auth.keys;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class KeysConfiguration {

    @Bean
    SigningKeys signingKeys(KeySettings settings) {
        return SigningKeys.from(settings);
    }
}
