package dev.bulkhead.devstack.apps;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AotCacheTest {

    @TempDir
    Path dir;

    @Test
    void keepsTheCacheOfAByteIdenticalRebuildAndDropsItWhenTheContentChanges() throws Exception {
        Path jar = Files.write(dir.resolve("order-service.jar"), new byte[] {1, 2, 3});
        String built = AotCache.versionKey(jar);

        Files.delete(jar);
        Files.write(jar, new byte[] {1, 2, 3}); // a reproducible rebuild: new file, same bytes
        assertThat(AotCache.versionKey(jar)).isEqualTo(built);

        Files.write(jar, new byte[] {1, 2, 4});
        assertThat(AotCache.versionKey(jar)).isNotEqualTo(built);
    }
}
