package dev.bulkhead.devstack.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulkhead.devstack.apps.Replicas;
import dev.bulkhead.devstack.apps.Services;
import dev.bulkhead.devstack.cli.Args.Command;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ArgsTest {

    @Test
    void upStartsWithKeptDataUnlessFresh() throws Exception {
        assertThat(Args.parse("up")).isEqualTo(new Args(Command.UP, false, Replicas.ONE_EACH, Optional.empty()));
        assertThat(Args.parse("up", "--fresh").fresh()).isTrue();
    }

    @Test
    void replicasNamesACountForEveryDomainServiceButNeverTheGateway() throws Exception {
        var replicas = Args.parse("up", "--replicas", "2").replicas();

        assertThat(Services.ALL)
                .allSatisfy(s -> assertThat(replicas.of(s)).as(s.name()).isEqualTo(s.edge() ? 1 : 2));
        assertThat(Args.parse("up", "--replicas=3").replicas().of(order())).isEqualTo(3);
    }

    @Test
    void replicasPerServiceAreRepeatableOrCommaSeparatedAndWinOverTheCountForAll() throws Exception {
        var repeated = Args.parse("up", "--replicas", "order=3", "--fresh", "--replicas", "payment-service=2");
        var listed = Args.parse("up", "--replicas", "order=3, payment=2");
        var mixed = Args.parse("up", "--replicas", "order=3", "--replicas", "2");

        for (var args : java.util.List.of(repeated, listed)) {
            assertThat(args.replicas().of(order())).isEqualTo(3);
            assertThat(args.replicas().of(Services.named("payment").orElseThrow()))
                    .isEqualTo(2);
            assertThat(args.replicas().of(Services.named("user").orElseThrow())).isEqualTo(1);
        }
        assertThat(repeated.fresh()).isTrue();
        assertThat(mixed.replicas().of(order())).isEqualTo(3);
        assertThat(mixed.replicas().of(Services.named("auth").orElseThrow())).isEqualTo(2);
    }

    @Test
    void refusesReplicasItCannotRun() {
        assertThatThrownBy(() -> Args.parse("up", "--replicas")).hasMessageContaining("needs a count");
        assertThatThrownBy(() -> Args.parse("up", "--replicas", "0")).hasMessageContaining("from 1 to 9");
        assertThatThrownBy(() -> Args.parse("up", "--replicas", "10")).hasMessageContaining("from 1 to 9");
        assertThatThrownBy(() -> Args.parse("up", "--replicas", "two")).hasMessageContaining("'two'");
        assertThatThrownBy(() -> Args.parse("up", "--replicas", "gateway=2"))
                .hasMessageContaining("the gateway runs once");
        assertThatThrownBy(() -> Args.parse("up", "--replicas", "billing=2"))
                .hasMessageContaining("no service 'billing'");
        assertThatThrownBy(() -> Args.parse("up", "--replicas", "order=")).hasMessageContaining("order");
    }

    private static dev.bulkhead.devstack.apps.Service order() {
        return Services.named("order").orElseThrow();
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
        assertThatThrownBy(() -> Args.parse("down", "--replicas", "2")).hasMessage("down takes no arguments");
        assertThatThrownBy(() -> Args.parse("down", "now")).hasMessage("down takes no arguments");
    }
}
