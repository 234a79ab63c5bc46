package dev.bulkhead.order.inventory;

import org.springframework.cloud.openfeign.EnableFeignClients;
import org.springframework.context.annotation.Configuration;

/** Registers the Feign client of this package (and only it: no classpath scanning for clients). */
@Configuration(proxyBeanMethods = false)
@EnableFeignClients(clients = InventoryClient.class)
class InventoryClientConfiguration {}
