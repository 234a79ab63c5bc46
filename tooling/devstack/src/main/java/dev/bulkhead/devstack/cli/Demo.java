package dev.bulkhead.devstack.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * {@code ./bulkhead demo}: the README's order walk-through, narrated, against a running stack — a new
 * customer orders from the demo catalogue three times (approved, declined, more than there is) and
 * each order's saga is followed to its end. It prints every request as the curl a reader can repeat.
 * The launcher has no JSON library on purpose (it stays small), so fields are read by pattern.
 */
final class Demo {

    private static final String KEYBOARD = "00000000-0000-4000-8000-000000000001";
    private static final Duration SAGA = Duration.ofSeconds(45); // the 30 s deadline and some

    private final String gateway;
    private final PrintStream out;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    Demo(String gateway, PrintStream out) {
        this.gateway = gateway;
        this.out = out;
    }

    int run() throws InterruptedException {
        try {
            String email = "demo-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
            String credentials = "{\"email\":\"" + email + "\",\"password\":\"correct-horse-battery\"";
            say("A new customer registers and logs in");
            call("POST", "/api/v1/auth/register", credentials + ",\"name\":\"Demo Customer\"}", null, null);
            String token = field(call("POST", "/api/v1/auth/login", credentials + "}", null, null), "access_token");

            say("The catalogue is public and cacheable (ETag, Cache-Control)");
            call("GET", "/api/v1/products/" + KEYBOARD, null, null, null);

            order(token, "an approved card", "tok_ok", 1);
            order(token, "a declined card: the saga compensates (stock released, nothing charged)", "tok_declined", 1);
            order(token, "more than there is: inventory rejects it, nothing is charged", "tok_ok", 1000);

            say("Every event reached notification-service once");
            call("GET", "/api/v1/notifications?limit=5", null, token, null);
            say("The customer's orders, from order-service's read model (fed by events only)");
            call("GET", "/api/v1/orders?limit=5", null, token, null);
            return 0;
        } catch (ConnectException e) {
            out.println("bulkhead demo: nothing answers on " + gateway + "; start the stack with ./bulkhead up");
            return 1;
        } catch (IOException | IllegalStateException e) {
            out.println("bulkhead demo: " + e.getMessage());
            return 1;
        }
    }

    private void order(String token, String what, String paymentToken, int quantity)
            throws IOException, InterruptedException {
        say("An order with " + what);
        String body = "{\"items\":[{\"productId\":\"" + KEYBOARD + "\",\"quantity\":" + quantity
                + "}],\"paymentToken\":\"" + paymentToken + "\"}";
        String placed = call("POST", "/api/v1/orders", body, token, "demo-" + UUID.randomUUID());
        String id = field(placed, "id");
        long deadline = System.nanoTime() + SAGA.toNanos();
        String order;
        do {
            Thread.sleep(300);
            order = quietly("/api/v1/orders/" + id, token);
        } while (order.contains("\"status\":\"PENDING\"") && System.nanoTime() < deadline);
        out.println("  … the saga ran over Kafka; the order now:");
        call("GET", "/api/v1/orders/" + id, null, token, null);
        call("GET", "/api/v1/payments?orderId=" + id, null, token, null);
    }

    private String call(String method, String path, String body, String token, String idempotencyKey)
            throws IOException, InterruptedException {
        var curl = new StringBuilder("curl -s");
        if (!method.equals("GET")) curl.append(" -X ").append(method);
        // quoted when it has a query: ? and & mean something to the shell
        curl.append(path.contains("?") ? " 'localhost:8080" + path + "'" : " localhost:8080" + path);
        var request = HttpRequest.newBuilder(URI.create(gateway + path)).timeout(Duration.ofSeconds(20));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
            curl.append(" -H \"Authorization: Bearer $TOKEN\"");
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
            curl.append(" -H 'Idempotency-Key: ").append(idempotencyKey).append('\'');
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
            request.method(method, HttpRequest.BodyPublishers.ofString(body));
            curl.append(" -H 'Content-Type: application/json' -d '")
                    .append(body)
                    .append('\'');
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        out.println("$ " + curl);
        var response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        out.println("  " + response.statusCode() + " " + abbreviate(response.body()));
        if (response.statusCode() >= 400) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode());
        }
        return response.body();
    }

    private String quietly(String path, String token) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(gateway + path))
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(20))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    private void say(String line) {
        out.println();
        out.println("# " + line);
    }

    private static String abbreviate(String body) {
        return body.length() <= 600 ? body : body.substring(0, 600) + " …";
    }

    static String field(String json, String name) {
        var matcher = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"([^\"]*)\"")
                .matcher(json);
        if (!matcher.find()) throw new IllegalStateException("no " + name + " in " + abbreviate(json));
        return matcher.group(1);
    }
}
