package dev.bulkhead.devstack.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulkhead.devstack.cli.Args.Command;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ArgsTest {

    @Test
    void upStartsWithKeptDataUnlessFresh() throws Exception {
        assertThat(Args.parse("up")).isEqualTo(new Args(Command.UP, false, Optional.empty()));
        assertThat(Args.parse("up", "--fresh").fresh()).isTrue();
    }

    @Test
    void demoTakesNoArguments() throws Exception {
        assertThat(Args.parse("demo").command()).isEqualTo(Command.DEMO);
        assertThatThrownBy(() -> Args.parse("demo", "now")).hasMessageContaining("no arguments");
    }

    @Test
    void logsNeedsExactlyOneService() throws Exception {
        assertThat(Args.parse("logs", "order").target()).contains("order");
        assertThatThrownBy(() -> Args.parse("logs")).hasMessageContaining("one service");
        assertThatThrownBy(() -> Args.parse("logs", "a", "b")).hasMessageContaining("one service");
    }

    @Test
    void commandsAreCaseInsensitiveAndHelpHasAliases() throws Exception {
        assertThat(Args.parse("STATUS").command()).isEqualTo(Command.STATUS);
        assertThat(Args.parse("--help").command()).isEqualTo(Command.HELP);
        assertThat(Args.parse("-h").command()).isEqualTo(Command.HELP);
    }

    @Test
    void rejectsWhatItDoesNotKnow() {
        assertThatThrownBy(Args::parse).hasMessage("no command given");
        assertThatThrownBy(() -> Args.parse("start")).hasMessage("unknown command 'start'");
        assertThatThrownBy(() -> Args.parse("up", "--clean")).hasMessageContaining("--clean");
        assertThatThrownBy(() -> Args.parse("down", "now")).hasMessage("down takes no arguments");
    }
}
