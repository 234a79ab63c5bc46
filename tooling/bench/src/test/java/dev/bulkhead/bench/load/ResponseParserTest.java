package dev.bulkhead.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.io.IOException;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResponseParserTest {

    private static final String KEEP_ALIVE_STREAM =
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 13\r\n\r\n"
                    + "{\"id\":\"abc\"}\n"
                    + "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/problem+json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n"
                    + "5;ext=1\r\n{\"tit\r\n3\r\nle\"\r\n0\r\nX-Trailer: 1\r\n\r\n"
                    + "HTTP/1.1 304 Not Modified\r\nETag: \"x\"\r\nContent-Length: 99\r\n\r\n"
                    + "HTTP/1.1 204 No Content\r\n\r\n"
                    + "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";

    private static final List<ResponseParser.Response> ITS_RESPONSES = List.of(
            new ResponseParser.Response(200, false, true),
            new ResponseParser.Response(503, true, true),
            new ResponseParser.Response(304, false, true),
            new ResponseParser.Response(204, false, true),
            new ResponseParser.Response(200, false, false));

    @Test
    void framesResponsesByLengthAndByChunksOffOneKeepAliveStream() throws IOException {
        assertThat(parseInPiecesOf(Integer.MAX_VALUE, KEEP_ALIVE_STREAM)).isEqualTo(ITS_RESPONSES);
    }

    @Test
    void framesTheSameResponsesWhateverPiecesTheSocketHandsOver() throws IOException {
        for (int piece : new int[] {1, 2, 3, 7, 64}) {
            assertThat(parseInPiecesOf(piece, KEEP_ALIVE_STREAM))
                    .as("pieces of %d bytes", piece)
                    .isEqualTo(ITS_RESPONSES);
        }
    }

    @Test
    void aBodyCutShortByTheServerIsAnErrorNotAResponse() throws IOException {
        var parser = new ResponseParser();

        assertThat(parser.feed(bytes("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort")))
                .isNull();
        assertThatThrownBy(parser::endOfStream).isInstanceOf(EOFException.class);
    }

    @Test
    void aBodyWithoutLengthEndsWithTheConnectionWhichThenCarriesNothingMore() throws IOException {
        var parser = new ResponseParser();

        assertThat(parser.feed(bytes("HTTP/1.0 200 OK\r\n\r\nuntil the end"))).isNull();
        assertThat(parser.endOfStream()).isEqualTo(new ResponseParser.Response(200, false, false));
    }

    @Test
    void aCloseBetweenResponsesIsNoResponseAndNoError() throws IOException {
        var parser = new ResponseParser();

        assertThat(parser.feed(bytes("HTTP/1.1 204 No Content\r\n\r\n"))).isNotNull();
        assertThat(parser.inResponse()).isFalse();
        assertThat(parser.endOfStream()).isNull();
    }

    @Test
    void somethingThatIsNotHttpIsRefused() {
        assertThatThrownBy(() -> new ResponseParser().feed(bytes("SSH-2.0-OpenSSH_9.6\r\n")))
                .isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> new ResponseParser().feed(bytes("HTTP/1.1 200 OK\r\nContent-Length: lots\r\n\r\n")))
                .isInstanceOf(ProtocolException.class);
    }

    private static List<ResponseParser.Response> parseInPiecesOf(int piece, String stream) throws IOException {
        var parser = new ResponseParser();
        var responses = new ArrayList<ResponseParser.Response>();
        byte[] all = stream.getBytes(StandardCharsets.US_ASCII);
        for (int from = 0; from < all.length; from += piece) {
            var buffer = ByteBuffer.wrap(all, from, Math.min(piece, all.length - from));
            while (buffer.hasRemaining()) {
                var response = parser.feed(buffer);
                if (response != null) {
                    responses.add(response);
                }
            }
        }
        assertThat(parser.inResponse()).isFalse();
        return responses;
    }

    private static ByteBuffer bytes(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
    }
}
