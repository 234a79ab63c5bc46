package dev.bulkhead.deploymentcheck.compose;

import dev.bulkhead.deploymentcheck.project.Yaml;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One service of the compose file, interpolated. */
public record Service(String name, Map<String, Object> definition) {

    /** The module its image is built from ({@code build.args.MODULE}), for the seven applications. */
    public Optional<String> module() {
        Object module = Yaml.at(definition, "build", "args", "MODULE");
        return Optional.ofNullable(module).map(Object::toString);
    }

    public Optional<String> image() {
        return Optional.ofNullable(definition.get("image")).map(Object::toString);
    }

    /** {@code environment:} in either the map or the {@code KEY=VALUE} list form. */
    public Map<String, String> environment() {
        var environment = new LinkedHashMap<String, String>();
        Object declared = definition.get("environment");
        if (declared instanceof Map<?, ?> map) {
            map.forEach((k, v) -> environment.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
        } else if (declared instanceof List<?> list) {
            for (Object item : list) {
                String entry = String.valueOf(item);
                int eq = entry.indexOf('=');
                environment.put(eq < 0 ? entry : entry.substring(0, eq), eq < 0 ? "" : entry.substring(eq + 1));
            }
        }
        return environment;
    }

    /** Container ports reachable by other services. */
    public List<Integer> expose() {
        var ports = new ArrayList<Integer>();
        Yaml.list(definition.get("expose"))
                .forEach(p -> ports.add(Integer.parseInt(String.valueOf(p).split("/")[0])));
        return ports;
    }

    /** Published ports as {@code [host address, host port, container port]}. */
    public List<Published> ports() {
        var published = new ArrayList<Published>();
        for (Object item : Yaml.list(definition.get("ports"))) {
            String[] parts = String.valueOf(item).split("/")[0].split(":");
            if (parts.length != 3) {
                throw new AssertionError(name + ": publish as \"127.0.0.1:HOST:CONTAINER\", not " + item);
            }
            published.add(new Published(parts[0], Integer.parseInt(parts[1]), Integer.parseInt(parts[2])));
        }
        return published;
    }

    /** Every port another container or the host may reach: exposed and published. */
    public List<Integer> containerPorts() {
        var ports = new ArrayList<>(expose());
        ports().forEach(p -> ports.add(p.containerPort()));
        return ports;
    }

    public Optional<Map<String, Object>> healthcheck() {
        return Optional.ofNullable(definition.get("healthcheck")).map(Yaml::cast);
    }

    /** {@code depends_on}, service → condition ({@code service_started} for the short list form). */
    public Map<String, String> dependsOn() {
        var dependencies = new LinkedHashMap<String, String>();
        Object declared = definition.get("depends_on");
        if (declared instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                Object condition = v instanceof Map<?, ?> m ? m.get("condition") : null;
                dependencies.put(String.valueOf(k), condition == null ? "service_started" : String.valueOf(condition));
            });
        } else if (declared instanceof List<?> list) {
            list.forEach(item -> dependencies.put(String.valueOf(item), "service_started"));
        }
        return dependencies;
    }

    /**
     * Bind-mount sources ({@code ./path:/container[:ro]}); a bare container path ({@code /var/lib/x}) is
     * an anonymous volume, not a bind mount.
     */
    public List<String> bindMountSources() {
        var sources = new ArrayList<String>();
        for (Object volume : Yaml.list(definition.get("volumes"))) {
            String spec = String.valueOf(volume);
            if ((spec.startsWith(".") || spec.startsWith("/")) && spec.contains(":")) {
                sources.add(spec.substring(0, spec.indexOf(':')));
            }
        }
        return sources;
    }

    /** Anonymous volumes: container paths whose contents live as long as the container. */
    public List<String> anonymousVolumes() {
        return Yaml.list(definition.get("volumes")).stream()
                .map(String::valueOf)
                .filter(spec -> spec.startsWith("/") && !spec.contains(":"))
                .toList();
    }

    /** Bind mounts as source → container path. */
    public Map<String, String> bindMounts() {
        var mounts = new LinkedHashMap<String, String>();
        for (Object volume : Yaml.list(definition.get("volumes"))) {
            String[] parts = String.valueOf(volume).split(":");
            if (parts[0].startsWith(".")) {
                mounts.put(parts[0], parts[1]);
            }
        }
        return mounts;
    }

    /** A published port. */
    public record Published(String hostAddress, int hostPort, int containerPort) {}
}
