package dev.bulkhead.bench.load;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.time.Duration;
import java.util.Locale;

/**
 * One keep-alive HTTP/1.1 connection on a plain blocking socket. The JDK's HttpClient would do, but its
 * selector thread and futures cost a good part of a core at a few thousand requests a second, on a
 * machine where every cycle the generator takes is one the measured server does not get.
 */
final class HttpConnection implements Closeable {

    private static final int BUFFER = 16 * 1024;

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private boolean reusable = true;

    private HttpConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = new BufferedInputStream(socket.getInputStream(), BUFFER);
    }

    static HttpConnection open(int port, Duration timeout) throws IOException {
        var socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) Math.min(timeout.toMillis(), 5_000));
            socket.setSoTimeout((int) timeout.toMillis());
            return new HttpConnection(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** The status of the response and whether it is a problem document; the body is read and dropped. */
    record Response(int status, boolean problem) {}

    Response exchange(byte[] request) throws IOException {
        out.write(request);
        out.flush();
        return read(in, this);
    }

    /** False once the server said {@code Connection: close} (or a response could not be framed). */
    boolean reusable() {
        return reusable;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    static Response read(InputStream in, HttpConnection connection) throws IOException {
        String statusLine = line(in);
        if (!statusLine.startsWith("HTTP/1.")) {
            throw new ProtocolException("not an HTTP/1.x status line: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean problem = false;
        boolean close = statusLine.startsWith("HTTP/1.0");
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.contains("chunked");
                case "content-type" -> problem = value.startsWith("application/problem+json");
                case "connection" -> close = value.contains("close") || (close && !value.contains("keep-alive"));
                default -> {}
            }
        }
        boolean bodiless = status == 204 || status == 304 || (status >= 100 && status < 200);
        if (bodiless) {
            // no body whatever the headers say
        } else if (chunked) {
            skipChunks(in);
        } else if (length >= 0) {
            skip(in, length);
        } else {
            skip(in, Long.MAX_VALUE); // delimited by the end of the connection
            close = true;
        }
        if (close && connection != null) {
            connection.reusable = false;
        }
        return new Response(status, problem);
    }

    private static void skipChunks(InputStream in) throws IOException {
        while (true) {
            String sizeLine = line(in);
            int extension = sizeLine.indexOf(';');
            long size = Long.parseLong((extension >= 0 ? sizeLine.substring(0, extension) : sizeLine).trim(), 16);
            if (size == 0) {
                while (!line(in).isEmpty()) {
                    // trailers
                }
                return;
            }
            skip(in, size);
            line(in); // the CRLF after the chunk
        }
    }

    private static void skip(InputStream in, long bytes) throws IOException {
        long left = bytes;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    if (bytes == Long.MAX_VALUE) {
                        return;
                    }
                    throw new EOFException("connection closed inside a body");
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }

    private static String line(InputStream in) throws IOException {
        var text = new StringBuilder(64);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed inside a response");
            }
            if (b == '\n') {
                int end = text.length();
                if (end > 0 && text.charAt(end - 1) == '\r') {
                    text.setLength(end - 1);
                }
                return text.toString();
            }
            text.append((char) b);
        }
    }
}
