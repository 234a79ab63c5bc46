package dev.bulkhead.testsupport;

import dev.bulkhead.testsupport.http.TestHttp;
import dev.bulkhead.testsupport.tokens.StandInAuth;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A service started on a random port against real infrastructure, trusting a {@link StandInAuth}: what
 * every service's integration test begins with. A test extends it and keeps only its own settings:
 *
 * <pre>{@code
 * class UserProfilesIT extends RunningService {
 *
 *     @Test
 *     void answersTheOwnerWithTheirProfile() {
 *         var response = http().get("/api/v1/users/me", "Authorization", "Bearer " + auth.token(userId));
 *         ...
 *     }
 * }
 * }</pre>
 *
 * <p>A base class rather than an annotation with an extension: what the test may use ({@link #auth},
 * {@link #port}, {@link #kafka}, {@link #consumers}, {@link #jdbc}, {@link #http()}) is all in this
 * one file, in plain fields, as a reader of any Spring Boot sample expects them, and a subclass still
 * adds its own {@code @SpringBootTest(properties = ...)}, {@code @DynamicPropertySource} or
 * {@code @DirtiesContext}.
 *
 * <p>There is one stand-in per test JVM, never closed before it exits: test classes with the same
 * configuration share one cached context, and that context trusts the keys of the stand-in it started
 * with, so a stand-in per class would leave the second class's tokens refused.
 */
@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class RunningService {

    /** Issues the tokens the service accepts and serves its JWKS and revocation list. */
    protected static final StandInAuth auth = StandInAuth.start();

    @DynamicPropertySource
    static void trustTheStandInAuth(DynamicPropertyRegistry registry) {
        auth.register(registry);
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected KafkaTemplate<String, String> kafka;

    @Autowired
    protected ConsumerFactory<String, String> consumers;

    @Autowired
    protected JdbcTemplate jdbc;

    /** Subclasses need no constructor. */
    protected RunningService() {}

    /** Plain HTTP to the service, as a client calls it. */
    protected TestHttp http() {
        return TestHttp.at(port);
    }
}
