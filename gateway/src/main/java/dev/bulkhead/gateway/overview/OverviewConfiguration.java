package dev.bulkhead.gateway.overview;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OverviewSettings.class)
class OverviewConfiguration {}
