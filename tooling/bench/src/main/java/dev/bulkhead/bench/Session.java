package dev.bulkhead.bench;

import dev.bulkhead.bench.stack.StackApi;
import java.io.IOException;
import java.time.Duration;

/**
 * The bench user's access token, renewed by a new login well before it expires (the dev stack's tokens
 * live ten minutes; a full run takes about that long).
 */
final class Session {

    private static final Duration RENEW_AFTER = Duration.ofMinutes(4);

    private final StackApi api;
    private final String email;
    private String token;
    private long loggedInAt;

    private Session(StackApi api, String email) {
        this.api = api;
        this.email = email;
    }

    static Session open(StackApi api) throws IOException, InterruptedException {
        var session = new Session(api, api.registerBenchUser());
        session.token();
        api.awaitProfile(session.token, Duration.ofSeconds(30));
        return session;
    }

    String email() {
        return email;
    }

    synchronized String token() throws IOException, InterruptedException {
        if (token == null || System.nanoTime() - loggedInAt > RENEW_AFTER.toNanos()) {
            token = api.login(email);
            loggedInAt = System.nanoTime();
        }
        return token;
    }
}
