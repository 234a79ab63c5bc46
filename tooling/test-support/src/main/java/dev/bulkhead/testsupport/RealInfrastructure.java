package dev.bulkhead.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gives a {@code @SpringBootTest} a real Postgres, Kafka broker and Redis through Spring Boot's
 * service-connection mechanism ({@code JdbcConnectionDetails}, {@code KafkaConnectionDetails},
 * {@code DataRedisConnectionDetails} beans).
 *
 * <p>Each kind is provided only when its Boot module is on the test's classpath, so a service without
 * Redis never starts one. Every application context gets its own freshly created database; the
 * servers are started once per test JVM and stopped when it exits. Which servers are used is decided
 * by {@link Infrastructure#get()}: containers when a Docker engine answers, local servers otherwise,
 * or whatever {@code BULKHEAD_TEST_INFRA=local|containers} forces.
 *
 * <p>Works on the test class, a superclass, an enclosing class of a {@code @Nested} test, or as a
 * meta-annotation.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface RealInfrastructure {}
