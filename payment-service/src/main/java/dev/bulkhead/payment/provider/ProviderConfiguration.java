package dev.bulkhead.payment.provider;

import org.springframework.cloud.openfeign.EnableFeignClients;
import org.springframework.context.annotation.Configuration;

/** Switches on the provider's Feign client; the rest of the application has no other. */
@Configuration(proxyBeanMethods = false)
@EnableFeignClients(clients = PaymentProviderClient.class)
class ProviderConfiguration {}
