package dev.bulkhead.devstack.apps;

import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The first start after a build runs without AOT caches; they are built afterwards, while the stack
 * idles, so that the next start is fast. Stopping the stack interrupts this harmlessly.
 */
public final class AotTraining {

    private AotTraining() {}

    /** Starts the training runs on a daemon thread; {@code stopping} mutes the last line once the stack stops. */
    public static Thread inBackground(
            Apps apps, List<Service> untrained, Consumer<String> say, BooleanSupplier stopping) {
        say.accept("Building AOT caches for "
                + untrained.stream().map(Service::name).toList()
                + " in the background (once per jar version) so the next start is faster ...");
        var training = new Thread(
                () -> {
                    try {
                        int built = apps.buildAotCaches(untrained, say);
                        if (!stopping.getAsBoolean()) {
                            say.accept("AOT caches built for " + built + " of " + untrained.size()
                                    + " application(s); the next ./bulkhead up uses them.");
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "aot-training");
        training.setDaemon(true);
        training.start();
        return training;
    }
}
