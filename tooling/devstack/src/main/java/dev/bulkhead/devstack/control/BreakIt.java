package dev.bulkhead.devstack.control;

import dev.bulkhead.devstack.apps.Instance;
import dev.bulkhead.devstack.infra.Component;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * What the console may break in a running dev stack, and the undo of each: freeze (SIGSTOP) and
 * unfreeze (SIGCONT) an instance, kill it (SIGKILL) and start it again, slow or fail the payment
 * provider, cut Redis (SIGSTOP of the server the launcher started) and restore it. The first gateway
 * instance is not offered: it serves the console, which could not undo its own freeze.
 */
public final class BreakIt {

    /** Starts an instance again after a kill, recording it as {@code up} recorded the first start. */
    @FunctionalInterface
    public interface Restart {
        void start(Instance instance) throws IOException;
    }

    private static final String CONSOLE_GATEWAY = "gateway";

    private final Supplier<Map<Instance, Process>> instances;
    private final Restart restart;
    private final Optional<Component> redis;
    private final ProviderFaults provider;
    private final Set<String> frozen = ConcurrentHashMap.newKeySet();
    private final Set<String> killed = ConcurrentHashMap.newKeySet();
    private volatile boolean redisCut;

    /**
     * @param instances the running instances, as the stack knows them now (a restart replaces one)
     * @param redis the stack's Redis: cut only if the launcher started it
     * @param provider the payment-provider simulator's base URL
     */
    public BreakIt(
            Supplier<Map<Instance, Process>> instances, Restart restart, Optional<Component> redis, URI provider) {
        this.instances = instances;
        this.restart = restart;
        this.redis = redis;
        this.provider = new ProviderFaults(provider);
    }

    List<Target> targets() {
        var targets = new ArrayList<Target>();
        instances.get().keySet().forEach(instance -> targets.add(target(instance)));
        targets.add(provider.target());
        targets.add(redisTarget());
        return targets;
    }

    Target apply(String name, String action) {
        if (name.equals("payment-provider")) {
            return provider.apply(action);
        }
        if (name.equals("redis")) {
            return cutOrRestoreRedis(action);
        }
        var instance = instances.get().entrySet().stream()
                .filter(e -> e.getKey().name().equals(name))
                .findFirst()
                .orElseThrow(() -> Refused.unknown(name));
        var now = target(instance.getKey());
        if (!now.actions().contains(action)) throw Refused.notNow(now, action);
        var process = instance.getValue().toHandle();
        switch (action) {
            case "freeze" -> {
                Signals.stop(process);
                frozen.add(name);
            }
            case "unfreeze" -> {
                Signals.resume(process);
                frozen.remove(name);
            }
            case "kill" -> {
                killed.add(name);
                frozen.remove(name);
                process.destroyForcibly();
            }
            default -> {
                try {
                    restart.start(instance.getKey());
                } catch (IOException e) {
                    throw Refused.failed("restarting " + name, e);
                }
                killed.remove(name);
            }
        }
        return target(instance.getKey());
    }

    /** Before the stack stops: a frozen process would sit out the whole stop grace before its SIGKILL. */
    public void undoAll() {
        instances.get().forEach((instance, process) -> {
            if (frozen.remove(instance.name())) Signals.resume(process.toHandle());
        });
        if (redisCut) {
            redis.flatMap(Component::process).ifPresent(Signals::resume);
            redisCut = false;
        }
        provider.restoreQuietly();
    }

    private Target target(Instance instance) {
        String name = instance.name();
        if (name.equals(CONSOLE_GATEWAY)) {
            return new Target(name, "instance", "running", List.of(), "serves this console");
        }
        if (killed.contains(name)) return Target.of(name, "instance", "killed", "restart");
        if (frozen.contains(name)) return Target.of(name, "instance", "frozen", "unfreeze", "kill");
        return Target.of(name, "instance", "running", "freeze", "kill");
    }

    private Target redisTarget() {
        if (redis.isEmpty()) return Target.unavailable("redis", "redis", "the stack has no Redis");
        var component = redis.get();
        if (component.process().isEmpty()) {
            return Target.unavailable(
                    "redis",
                    "redis",
                    "Redis is not the launcher's (" + component.origin()
                            + "): the machine's own server is left alone; stop it yourself to see the same");
        }
        return redisCut
                ? Target.of("redis", "redis", "cut", "restore")
                : Target.of("redis", "redis", "connected", "cut");
    }

    private synchronized Target cutOrRestoreRedis(String action) {
        var now = redisTarget();
        if (!now.actions().contains(action)) throw Refused.notNow(now, action);
        var server = redis.flatMap(Component::process).orElseThrow();
        if (action.equals("cut")) {
            // A stopped server accepts connections and never answers: the clients' command timeouts
            // fire, as they would behind a dead network path, not a clean "connection refused".
            Signals.stop(server);
            redisCut = true;
        } else {
            Signals.resume(server);
            redisCut = false;
        }
        return redisTarget();
    }
}
