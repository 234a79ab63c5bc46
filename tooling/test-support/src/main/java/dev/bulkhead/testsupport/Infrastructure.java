package dev.bulkhead.testsupport;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The test infrastructure of this JVM: which mode was chosen and where Postgres, Kafka and Redis
 * are. For tests that are not Spring contexts; {@link RealInfrastructure} uses the same instance.
 *
 * <p>Nothing starts until it is asked for; each kind starts once per JVM, is shared by every caller
 * and stops when the JVM exits. A kind that cannot be provided throws an
 * {@link InfrastructureUnavailableException} with a one-line message saying how to provide it, on
 * every call (the attempt is not repeated).
 *
 * <pre>{@code
 * var infra = Infrastructure.get();
 * var db = infra.postgres().createDatabase();      // a fresh database of its own
 * var servers = infra.kafka().bootstrapServers();  // this run's broker
 * var redis = infra.redis();                       // host, port and a database index of its own
 * }</pre>
 */
public final class Infrastructure {

    private static final Log log = LogFactory.getLog(Infrastructure.class);

    private static Infrastructure instance;
    private static RuntimeException selectionFailure;

    /** Where the servers come from. */
    public enum Mode {
        /** Testcontainers: a Docker engine answered. */
        CONTAINERS,
        /** Local servers, embedded Postgres, a {@code redis-server} process and an in-JVM Kafka broker. */
        LOCAL
    }

    /**
     * A database created for one caller.
     *
     * @param name the database name, {@code bk_<runId>_<n>}
     * @param jdbcUrl a PostgreSQL JDBC URL for it
     * @param username the role that owns it
     * @param password that role's password (empty under trust authentication)
     */
    public record Database(String name, String jdbcUrl, String username, String password) {}

    /**
     * This run's Kafka broker.
     *
     * @param bootstrapServers {@code host:port} list for clients
     * @param source what runs it, for diagnostics
     */
    public record Kafka(String bootstrapServers, String source) {}

    /**
     * This run's Redis.
     *
     * @param host the host
     * @param port the port
     * @param database the database index that belongs to this run
     * @param source what runs it, for diagnostics
     */
    public record Redis(String host, int port, int database, String source) {}

    /** This run's Postgres server, on which every caller gets a database of its own. */
    public static final class PostgresServer {

        private final Postgres postgres;

        private PostgresServer(Postgres postgres) {
            this.postgres = postgres;
        }

        /**
         * Creates a fresh, uniquely named database, dropped when the JVM exits.
         *
         * @return how to connect to it
         */
        public Database createDatabase() {
            return postgres.createDatabase();
        }

        /** @return the server's host */
        public String host() {
            return postgres.server().host();
        }

        /** @return the server's port */
        public int port() {
            return postgres.server().port();
        }

        /** @return what runs it, for diagnostics */
        public String source() {
            return postgres.server().source();
        }
    }

    private final Mode mode;
    private final String modeReason;
    private final String runId;
    private final Provisioner provisioner;
    private final Deque<AutoCloseable> onExit = new ArrayDeque<>();
    private final List<ConfigurableApplicationContext> contexts = new CopyOnWriteArrayList<>();
    private final Map<String, Object> started = new java.util.LinkedHashMap<>();
    private String lastLogged;

    Infrastructure(ModeSelection.Decision decision, String runId, Provisioner provisioner) {
        this.mode = decision.mode();
        this.modeReason = decision.reason();
        this.runId = runId;
        this.provisioner = provisioner;
    }

    /**
     * The infrastructure of this JVM. Decides the mode on first call (a Docker ping of at most a
     * couple of seconds); starts nothing.
     *
     * @return the shared instance
     * @throws InfrastructureUnavailableException when {@code BULKHEAD_TEST_INFRA} asks for something
     *     that is not there
     */
    public static synchronized Infrastructure get() {
        if (selectionFailure != null) {
            throw new InfrastructureUnavailableException(selectionFailure.getMessage(), selectionFailure);
        }
        if (instance == null) {
            Settings settings = Settings.system();
            String runId = RunId.next(Instant.now());
            try {
                ModeSelection.Decision decision = ModeSelection.select(settings, DockerProbe.socketPing());
                Provisioner provisioner = decision.mode() == Mode.CONTAINERS
                        ? new ContainerProvisioner(settings)
                        : LocalProvisioner.defaults(settings, runId);
                instance = new Infrastructure(decision, runId, provisioner);
            } catch (InfrastructureUnavailableException e) {
                selectionFailure = e;
                throw e;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "bulkhead-test-infrastructure-stop"));
        }
        return instance;
    }

    /** @return where the servers come from */
    public Mode mode() {
        return mode;
    }

    /** @return why this mode was chosen */
    public String modeReason() {
        return modeReason;
    }

    /** @return the id of this test JVM, part of every database name */
    public String runId() {
        return runId;
    }

    /**
     * This run's Postgres, started on first call.
     *
     * @return the server, on which to create databases
     */
    public PostgresServer postgres() {
        return announced(this::postgresQuietly);
    }

    PostgresServer postgresQuietly() {
        return kind("postgres", () -> {
            Postgres postgres = new Postgres(provisioner.postgres(this::onExit), runId);
            postgres.dropStale(Instant.now());
            onExit(postgres::dropCreated);
            return new PostgresServer(postgres);
        });
    }

    /**
     * This run's Kafka broker, started on first call; its topics exist only in this run.
     *
     * @return where it listens
     */
    public Kafka kafka() {
        return announced(this::kafkaQuietly);
    }

    Kafka kafkaQuietly() {
        return kind("kafka", () -> provisioner.kafka(this::onExit));
    }

    /**
     * This run's Redis, started or leased on first call.
     *
     * @return where it is and which database index is this run's
     */
    public Redis redis() {
        return announced(this::redisQuietly);
    }

    Redis redisQuietly() {
        return kind("redis", () -> provisioner.redis(this::onExit));
    }

    private <T> T announced(Supplier<T> kind) {
        try {
            return kind.get();
        } finally {
            announce();
        }
    }

    @SuppressWarnings("unchecked")
    private synchronized <T> T kind(String name, Supplier<T> start) {
        Object known = started.get(name);
        if (known == null) {
            long begin = System.nanoTime();
            try {
                known = new Started(start.get(), Duration.ofNanos(System.nanoTime() - begin));
            } catch (InfrastructureUnavailableException e) {
                known = e;
            }
            started.put(name, known);
        }
        if (known instanceof InfrastructureUnavailableException failure) {
            throw new InfrastructureUnavailableException(failure.getMessage(), failure);
        }
        return (T) ((Started) known).value();
    }

    private record Started(Object value, Duration took) {}

    /** The one-line description of mode and endpoints that is logged when it changes. */
    synchronized String summary() {
        StringBuilder line = new StringBuilder("Bulkhead test infrastructure: mode=")
                .append(mode.name().toLowerCase(java.util.Locale.ROOT))
                .append(" (")
                .append(modeReason)
                .append(")");
        for (String kind : List.of("postgres", "kafka", "redis")) {
            line.append("; ").append(kind).append('=').append(describe(started.get(kind)));
        }
        return line.append("; run=").append(runId).toString();
    }

    private static String describe(Object known) {
        if (known == null) {
            return "not used";
        }
        if (known instanceof InfrastructureUnavailableException) {
            return "unavailable";
        }
        Started kind = (Started) known;
        String took = ", " + kind.took().toMillis() + " ms";
        return switch (kind.value()) {
            case PostgresServer p -> p.host() + ":" + p.port() + " (" + p.source() + took + ")";
            case Kafka k -> k.bootstrapServers() + " (" + k.source() + took + ")";
            case Redis r -> r.host() + ":" + r.port() + " (" + r.source() + ", db " + r.database() + took + ")";
            default -> String.valueOf(kind.value());
        };
    }

    /**
     * Logs the summary if it changed since last logged; a context announces once after starting all
     * it needs, so a run normally logs one line.
     */
    synchronized void announce() {
        String summary = summary();
        if (!summary.equals(lastLogged)) {
            lastLogged = summary;
            log.info(summary);
        }
    }

    private synchronized void onExit(AutoCloseable stop) {
        onExit.push(stop);
    }

    /** Contexts are closed before the servers they use, so that their clients do not hang at exit. */
    void track(ConfigurableApplicationContext context) {
        contexts.add(context);
    }

    private void stop() {
        for (ConfigurableApplicationContext context : contexts) {
            closeQuietly(context::close);
        }
        Deque<AutoCloseable> stops;
        synchronized (this) {
            stops = new ArrayDeque<>(onExit);
            onExit.clear();
        }
        stops.forEach(Infrastructure::closeQuietly);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // At JVM exit there is nobody left to report to.
        }
    }
}
