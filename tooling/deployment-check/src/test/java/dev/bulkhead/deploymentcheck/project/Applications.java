package dev.bulkhead.deploymentcheck.project;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** The applications of the repository: every module of the root pom with an {@code application.yml} naming a port. */
public final class Applications {

    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
    private static List<Application> all;

    private Applications() {}

    public static synchronized List<Application> all() {
        if (all == null) {
            var found = new ArrayList<Application>();
            var modules = MODULE.matcher(Repository.read(Repository.path("pom.xml")));
            while (modules.find()) {
                var dir = Repository.root().resolve(modules.group(1));
                var yml = dir.resolve("src/main/resources/application.yml");
                if (!Files.isRegularFile(yml)) {
                    continue;
                }
                var config = Yaml.flatten(Yaml.document(yml));
                Object name = config.get("spring.application.name");
                Object port = config.get("server.port");
                if (name == null || port == null) {
                    continue;
                }
                Object database = config.get("bulkhead.database.name");
                found.add(new Application(
                        dir.getFileName().toString(),
                        name.toString(),
                        Integer.parseInt(port.toString()),
                        Optional.ofNullable(database).map(Object::toString),
                        dir));
            }
            if (found.isEmpty()) {
                throw new IllegalStateException("No application modules found under " + Repository.root());
            }
            all = List.copyOf(found);
        }
        return all;
    }

    public static Application named(String module) {
        return all().stream()
                .filter(app -> app.module().equals(module) || app.name().equals(module))
                .findFirst()
                .orElseThrow(() -> new AssertionError("No application module " + module + "; there are " + all()));
    }

    public static Optional<Application> onPort(int port) {
        return all().stream().filter(app -> app.port() == port).findFirst();
    }
}
