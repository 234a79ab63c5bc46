package dev.bulkhead.devstack.apps;

import dev.bulkhead.devstack.procs.Children;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Starts the application instances as separate JVMs, each with its environment, flags and log file.
 * The instances of one service share its jar and its AOT cache (the JVM maps the cache read-only).
 */
public final class Apps {

    private final AppsConfig config;
    private final PortPlan plan;
    private final AotCache aot;

    public Apps(AppsConfig config, PortPlan plan) {
        this.config = config;
        this.plan = plan;
        this.aot = new AotCache(config.home().resolve("aot"), config.java());
    }

    public PortPlan plan() {
        return plan;
    }

    public Path log(Instance instance) {
        return config.home().resolve("logs").resolve(instance.name() + ".log");
    }

    /** The applications whose AOT cache for their current jar is not built yet (none when AOT is off). */
    public List<Service> withoutAotCache() {
        if (!config.aot()) {
            return List.of();
        }
        return plan.services().stream().filter(s -> !aot.isBuilt(s, jar(s))).toList();
    }

    /**
     * Builds the missing AOT caches one after the other (a training run is a full Spring start:
     * one at a time leaves a core for the running stack); returns how many were built.
     */
    public int buildAotCaches(List<Service> services, Consumer<String> say) throws InterruptedException {
        int built = 0;
        for (var service : services) {
            var log = config.home().resolve("logs").resolve(service.name() + "-aot.log");
            try {
                var trained = Instance.first(service);
                if (aot.build(service, jar(service), JvmFlags.forService(service), environment(trained), log)) {
                    built++;
                } else {
                    say.accept("bulkhead: no AOT cache for " + service.name() + " (training run failed, see "
                            + config.root().relativize(log) + "); it keeps starting without one");
                }
            } catch (IOException e) {
                say.accept("bulkhead: no AOT cache for " + service.name() + ": " + e.getMessage());
            }
        }
        return built;
    }

    public Process start(Instance instance) throws IOException {
        var service = instance.service();
        var jar = jar(service);
        var flags = JvmFlags.forService(service);
        List<String> command;
        if (config.aot() && aot.isBuilt(service, jar)) {
            command = aot.command(service, jar, flags);
        } else {
            command = new ArrayList<>();
            command.add(config.java().toString());
            command.addAll(flags);
            command.add("-jar");
            command.add(jar.toString());
        }
        return Children.start(command, environment(instance), config.root().resolve(service.module()), log(instance));
    }

    public boolean usesAotCache(Service service) {
        return config.aot() && aot.isBuilt(service, jar(service));
    }

    private Path jar(Service service) {
        return service.jar(config.root(), config.version());
    }

    /**
     * The standard Spring variables pointing the instance at the dev stack's infrastructure, its port, its
     * id, and where every service's instances answer ({@link PortPlan#serviceUrls()}).
     */
    Map<String, String> environment(Instance instance) {
        var env = new HashMap<String, String>(config.sharedEnvironment());
        env.putAll(plan.serviceUrls());
        env.put("SERVER_PORT", Integer.toString(instance.port()));
        env.put("BULKHEAD_INSTANCE", instance.id());
        if (instance.service().name().equals("gateway")) env.putAll(config.gatewayEnvironment());
        instance.service().database().ifPresent(db -> env.put("SPRING_DATASOURCE_URL", config.jdbcBase() + db));
        return env;
    }
}
