package dev.bulkhead.localservers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TcpProxyTest {

    private static final int SHORT_MS = 300; // long enough for a loopback echo, short enough to wait out

    private ServerSocket echo;
    private TcpProxy proxy;

    /** Upstream: echoes every line back upper-cased, on as many connections as it gets. */
    @BeforeEach
    void startEcho() throws IOException {
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().start(() -> {
            while (!echo.isClosed()) {
                try {
                    var connection = echo.accept();
                    Thread.ofPlatform().daemon().start(() -> {
                        try (connection) {
                            var in = connection.getInputStream();
                            var out = connection.getOutputStream();
                            for (int b; (b = in.read()) != -1; ) {
                                out.write(Character.toUpperCase(b));
                                out.flush();
                            }
                        } catch (IOException e) {
                            // the test closed it
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
        proxy = TcpProxy.start("127.0.0.1", echo.getLocalPort());
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        echo.close();
    }

    private Socket connect() throws IOException {
        var socket = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
        socket.setSoTimeout(SHORT_MS);
        return socket;
    }

    private static String exchange(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return read(socket.getInputStream(), text.length());
    }

    private static String read(InputStream in, int length) throws IOException {
        var bytes = in.readNBytes(length);
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    @Test
    void forwardsBothWays() throws IOException {
        try (var client = connect()) {
            assertThat(exchange(client, "ping")).isEqualTo("PING");
        }
    }

    @Test
    void aCutClosesOpenConnectionsAndLeavesNewOnesHangingUntilResumed() throws IOException {
        try (var before = connect()) {
            assertThat(exchange(before, "a")).isEqualTo("A");

            proxy.cut();

            assertThat(before.getInputStream().read())
                    .as("the open connection is closed")
                    .isEqualTo(-1);
        }
        try (var during = connect()) {
            assertThatThrownBy(() -> exchange(during, "b"))
                    .as("accepted, never answered")
                    .isInstanceOf(SocketTimeoutException.class);

            proxy.resume();

            assertThat(during.getInputStream().read())
                    .as("held connections are closed on resume")
                    .isEqualTo(-1);
        }
        try (var after = connect()) {
            assertThat(exchange(after, "c")).isEqualTo("C");
        }
    }

    @Test
    void aPauseHoldsTheBytesOfAnOpenConnectionUntilResumed() throws IOException {
        try (var client = connect()) {
            assertThat(exchange(client, "x")).isEqualTo("X");

            proxy.pause();
            client.getOutputStream().write("held".getBytes(StandardCharsets.US_ASCII));
            client.getOutputStream().flush();

            assertThatThrownBy(() -> client.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);

            proxy.resume();

            assertThat(read(client.getInputStream(), 4)).isEqualTo("HELD");
        }
    }

    @Test
    void listensOnAChosenPortFromTheMomentItIsOpened() throws IOException {
        int port = LocalPorts.free();
        assertThat(LocalPorts.isOpen(port)).isFalse();

        try (var opened = TcpProxy.open(port, "127.0.0.1", echo.getLocalPort());
                var client = new Socket(InetAddress.getLoopbackAddress(), port)) {
            client.setSoTimeout(SHORT_MS * 10);
            assertThat(exchange(client, "back")).isEqualTo("BACK");
        }
    }
}
