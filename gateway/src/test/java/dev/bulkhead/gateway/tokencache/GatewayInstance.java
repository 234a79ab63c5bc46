package dev.bulkhead.gateway.tokencache;

import dev.bulkhead.gateway.GatewayApplication;
import dev.bulkhead.gateway.StandInServices;
import dev.bulkhead.testsupport.Infrastructure;
import dev.bulkhead.testsupport.ThreadDump;
import dev.bulkhead.testsupport.http.TestHttp;
import dev.bulkhead.testsupport.tokens.StandInAuth;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One gateway application context on a free port, so that a test can run several instances side by
 * side against the same Redis and stand-in auth-service, and take either away.
 */
final class GatewayInstance implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    private final int port;

    private GatewayInstance(ConfigurableApplicationContext context) {
        this.context = context;
        this.port = ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /**
     * @param redisPort where this instance finds Redis (the real one, or a proxy in front of it)
     * @param extra further properties
     */
    static GatewayInstance start(
            StandInAuth auth, StandInServices downstreams, int redisPort, Map<String, Object> extra) {
        Infrastructure.Redis redis = Infrastructure.get().redis();
        Map<String, Object> properties = new HashMap<>();
        downstreams.register((name, value) -> properties.put(name, value.get()));
        properties.putAll(auth.properties());
        properties.put("server.port", 0);
        properties.put("spring.data.redis.host", redis.host());
        properties.put("spring.data.redis.port", redisPort);
        properties.put("spring.data.redis.database", redis.database());
        // The rate limiter would answer 429 to a test's traffic; it has its own tests.
        properties.put("bulkhead.gateway.rate-limit.enabled", false);
        properties.putAll(extra);
        // As arguments: they win over application.yml (server.port: 8080), as a test's properties do.
        String[] arguments = properties.entrySet().stream()
                .map(entry -> "--" + entry.getKey() + "=" + entry.getValue())
                .toArray(String[]::new);
        return new GatewayInstance(new SpringApplicationBuilder(GatewayApplication.class).run(arguments));
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    /** GET through this instance with the token; returns the status. */
    int get(String token) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/orders/42"))
                    .header("Authorization", "Bearer " + token)
                    .timeout(Duration.ofSeconds(10))
                    .GET()
                    .build();
            // A client, and so a connection, per request. With one pooled keep-alive connection, a request
            // written just as the gateway closed that connection went unanswered for the whole timeout
            // (once in nine CI runs), every gateway and Redis thread idle in the dump (the JDK client's
            // reuse race; HTTP/1.1 alone made it rarer, not gone). What is tested is the gateway's
            // answer, not the client's connection reuse.
            try (HttpClient client = TestHttp.newClient()) {
                return client.send(request, HttpResponse.BodyHandlers.discarding())
                        .statusCode();
            }
        } catch (java.net.http.HttpTimeoutException e) {
            // Unanswered: what every thread of this JVM (the gateway runs in it) was doing, to see where.
            throw new IllegalStateException(
                    "no answer within 10 s for token " + token + "; threads:\n" + ThreadDump.ofThisJvm(), e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        context.close();
    }
}
