package dev.bulkhead.devstack.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.devstack.state.StackProcess.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateFileTest {

    @TempDir
    Path dir;

    @Test
    void readsBackWhatItWroteInOrder() {
        var file = new StateFile(dir.resolve("sub/stack.state"));
        var processes = List.of(
                new StackProcess(Role.LAUNCHER, "launcher", 100, 1_700_000_000_000L, 0),
                new StackProcess(Role.INFRA, "kafka", 101, 1_700_000_000_100L, 9092),
                new StackProcess(Role.APP, "order", 102, 1_700_000_000_200L, 8083));

        file.write(processes);

        assertThat(file.read()).contains(processes);
    }

    @Test
    void noFileMeansNothingRecordedAndDeleteIsIdempotent() {
        var file = new StateFile(dir.resolve("stack.state"));

        assertThat(file.read()).isEmpty();
        file.delete();
        assertThat(file.read()).isEmpty();
    }

    @Test
    void skipsCommentsAndLinesItCannotRead() throws Exception {
        var path = dir.resolve("stack.state");
        Files.writeString(
                path, "# header\n\napp order 102 1700000000200 8083\nbroken line\nwizard x 1 2 3\napp y notapid 1 2\n");

        assertThat(new StateFile(path).read())
                .contains(List.of(new StackProcess(Role.APP, "order", 102, 1_700_000_000_200L, 8083)));
    }

    @Test
    void aRecordedPidCountsOnlyIfThatProcessStartedWhenRecorded() {
        var self = ProcessHandle.current();

        assertThat(StackProcess.of(Role.LAUNCHER, "launcher", self, 0).live()).contains(self);
        assertThat(new StackProcess(Role.APP, "reused", self.pid(), 0L, 0).live())
                .isEmpty();
    }
}
