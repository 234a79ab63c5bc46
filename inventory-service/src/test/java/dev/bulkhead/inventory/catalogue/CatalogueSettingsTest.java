package dev.bulkhead.inventory.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class CatalogueSettingsTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(CatalogueSettings.class)
    static class Settings {}

    private final ApplicationContextRunner runner =
            new ApplicationContextRunner().withUserConfiguration(Settings.class);

    @Test
    void seedsNothingUnlessToldToAndReadsTheDemoCatalogueByDefault() {
        runner.run(context -> {
            CatalogueSettings settings = context.getBean(CatalogueSettings.class);
            assertThat(settings.seedWhenEmpty()).isFalse();
            assertThat(settings.location()).isEqualTo("classpath:catalogue/demo.json");
        });
    }

    @Test
    void isSwitchedOnByTheVariableTheDevStackSets() {
        runner.withInitializer(context -> context.getEnvironment()
                        .getPropertySources()
                        .replace(
                                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                                new SystemEnvironmentPropertySource(
                                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                                        Map.of("BULKHEAD_INVENTORY_CATALOGUE_SEEDWHENEMPTY", "true"))))
                .run(context -> assertThat(
                                context.getBean(CatalogueSettings.class).seedWhenEmpty())
                        .isTrue());
    }
}
