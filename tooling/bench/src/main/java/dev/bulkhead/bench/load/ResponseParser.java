package dev.bulkhead.bench.load;

import java.io.EOFException;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * Frames HTTP/1.1 responses off one keep-alive connection as its bytes arrive, in whatever pieces the
 * socket hands them over: the status, whether the body is a problem document, and whether the connection
 * may carry another request. Bodies are counted, not kept. One parser per connection; it is ready for
 * the next response as soon as it has returned one.
 */
final class ResponseParser {

    /** A status line or header longer than this is not a response we asked for. */
    private static final int MAX_LINE = 8 * 1024;

    /**
     * One response.
     *
     * @param status its status code
     * @param problem whether its body is an RFC 9457 problem document
     * @param keepAlive whether the connection may carry the next request
     */
    record Response(int status, boolean problem, boolean keepAlive) {}

    private enum State {
        STATUS,
        HEADERS,
        BODY,
        CHUNK_SIZE,
        CHUNK_DATA,
        CHUNK_END,
        TRAILERS,
        UNTIL_CLOSE
    }

    private final StringBuilder line = new StringBuilder(64);
    private State state = State.STATUS;
    private int status;
    private boolean problem;
    private boolean close;
    private boolean chunked;
    private long length;
    private long left;

    /**
     * Consumes bytes up to the end of one response and returns it, or returns null when {@code in} ran
     * out first; the bytes after a response stay in {@code in}.
     */
    Response feed(ByteBuffer in) throws ProtocolException {
        while (in.hasRemaining()) {
            switch (state) {
                case BODY, CHUNK_DATA -> {
                    int n = (int) Math.min(left, in.remaining());
                    in.position(in.position() + n);
                    left -= n;
                    if (left == 0) {
                        if (state == State.BODY) {
                            return finish();
                        }
                        state = State.CHUNK_END;
                    }
                }
                case UNTIL_CLOSE -> in.position(in.limit());
                default -> {
                    if (!readLine(in)) {
                        return null;
                    }
                    var response = onLine(line.toString());
                    line.setLength(0);
                    if (response != null) {
                        return response;
                    }
                }
            }
        }
        return null;
    }

    /**
     * The server closed the connection: the response it ends, for a body delimited by the close; null
     * between responses; an error inside one.
     */
    Response endOfStream() throws EOFException {
        if (state == State.UNTIL_CLOSE) {
            return finish();
        }
        if (state == State.STATUS && line.isEmpty()) {
            return null;
        }
        throw new EOFException("connection closed inside a response");
    }

    /** Whether a response has begun and not ended. */
    boolean inResponse() {
        return state != State.STATUS || !line.isEmpty();
    }

    private boolean readLine(ByteBuffer in) throws ProtocolException {
        while (in.hasRemaining()) {
            char c = (char) (in.get() & 0xff);
            if (c == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                return true;
            }
            if (line.length() == MAX_LINE) {
                throw new ProtocolException("a line of the response is longer than " + MAX_LINE + " bytes");
            }
            line.append(c);
        }
        return false;
    }

    private Response onLine(String text) throws ProtocolException {
        switch (state) {
            case STATUS -> {
                if (!text.startsWith("HTTP/1.") || text.length() < 12) {
                    throw new ProtocolException("not an HTTP/1.x status line: " + text);
                }
                try {
                    status = Integer.parseInt(text.substring(9, 12));
                } catch (NumberFormatException e) {
                    throw new ProtocolException("no status code in: " + text);
                }
                close = text.startsWith("HTTP/1.0");
                problem = false;
                chunked = false;
                length = -1;
                state = State.HEADERS;
            }
            case HEADERS -> {
                if (text.isEmpty()) {
                    return headersEnded();
                }
                header(text);
            }
            case CHUNK_SIZE -> {
                int extension = text.indexOf(';');
                long size = parseHex((extension >= 0 ? text.substring(0, extension) : text).trim());
                if (size == 0) {
                    state = State.TRAILERS;
                } else {
                    left = size;
                    state = State.CHUNK_DATA;
                }
            }
            case CHUNK_END -> {
                if (!text.isEmpty()) {
                    throw new ProtocolException("a chunk does not end where its size says");
                }
                state = State.CHUNK_SIZE;
            }
            case TRAILERS -> {
                if (text.isEmpty()) {
                    return finish();
                }
            }
            default -> throw new IllegalStateException("no line expected in state " + state);
        }
        return null;
    }

    private void header(String text) throws ProtocolException {
        int colon = text.indexOf(':');
        if (colon < 0) {
            return;
        }
        String name = text.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = text.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
        switch (name) {
            case "content-length" -> {
                try {
                    length = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw new ProtocolException("not a content length: " + value);
                }
            }
            case "transfer-encoding" -> chunked = value.contains("chunked");
            case "content-type" -> problem = value.startsWith("application/problem+json");
            case "connection" -> close = value.contains("close") || (close && !value.contains("keep-alive"));
            default -> {}
        }
    }

    private Response headersEnded() {
        boolean bodiless = status == 204 || status == 304 || (status >= 100 && status < 200);
        if (bodiless || (!chunked && length == 0)) {
            return finish();
        }
        if (chunked) {
            state = State.CHUNK_SIZE;
        } else if (length > 0) {
            left = length;
            state = State.BODY;
        } else {
            close = true; // delimited by the end of the connection
            state = State.UNTIL_CLOSE;
        }
        return null;
    }

    private Response finish() {
        state = State.STATUS;
        return new Response(status, problem, !close);
    }

    private static long parseHex(String text) throws ProtocolException {
        try {
            return Long.parseLong(text, 16);
        } catch (NumberFormatException e) {
            throw new ProtocolException("not a chunk size: " + text);
        }
    }
}
