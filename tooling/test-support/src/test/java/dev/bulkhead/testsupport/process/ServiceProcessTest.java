package dev.bulkhead.testsupport.process;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServiceProcessTest {

    @Test
    void passesSpringPropertiesAsTheEnvironmentVariablesRelaxedBindingReadsBack() {
        assertThat(ServiceProcess.Builder.environmentName("spring.kafka.bootstrap-servers"))
                .isEqualTo("SPRING_KAFKA_BOOTSTRAPSERVERS");
        assertThat(ServiceProcess.Builder.environmentName("bulkhead.clients.payment-provider.url"))
                .isEqualTo("BULKHEAD_CLIENTS_PAYMENTPROVIDER_URL");
        assertThat(ServiceProcess.Builder.environmentName("bulkhead.security.jwt.jwks-uri"))
                .isEqualTo("BULKHEAD_SECURITY_JWT_JWKSURI");
        assertThat(ServiceProcess.Builder.environmentName("spring.kafka.consumer.group-id"))
                .isEqualTo("SPRING_KAFKA_CONSUMER_GROUPID");
    }
}
